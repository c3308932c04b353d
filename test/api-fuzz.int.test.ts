import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { caseArbitrary, checkCase, type FuzzContext, fuzzTargets, tableCounts } from './support/api-fuzz.ts';
import { journeyKeyOf } from './support/interop-payments.ts';
import { loadOpenApi, OPENAPI_FILE } from './support/openapi-validator.ts';
import { type SeededApp, startSeededApp } from './support/seeded-app.ts';

// Every parameter of every documented GET endpoint, fuzzed with hostile values (fast-check): the
// answer is a documented JSON 200 or a JSON 4xx naming the parameter, never a 500 or a hang, and
// no table changed. The long run is bench/fuzz-api.ts (FUZZ_RUNS, ≥ 100k cases each).
const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS ?? 200);
const link = loadLinkFile(DEFAULT_LINK_FILE);
const document = parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
  paths: Record<string, unknown>;
  components: Record<string, unknown>;
};
const targets = fuzzTargets(document.paths, document.components, link.dimensions);

let seeded: SeededApp;
let ctx: FuzzContext;
let countsBefore: Record<string, number>;
const rssBefore = process.memoryUsage().rss;

beforeAll(async () => {
  seeded = await startSeededApp();
  ctx = {
    baseUrl: seeded.baseUrl,
    openapi: loadOpenApi(),
    dimensions: link.dimensions,
    baseline: {
      from: String(seeded.fromMs),
      to: String(seeded.toMs),
      // A step with an SLO, so /slos/{step}/series takes it too.
      step: 'payment_create',
      after: 'channel_pay',
      traceId: seeded.dataset.journeys[7]!.traceIds[0]!,
      key: journeyKeyOf(1, 7),
    },
  };
  countsBefore = await tableCounts(seeded.driver);
});
afterAll(async () => {
  await seeded?.close();
});

describe('API parameter fuzzing', () => {
  it('covers every documented GET endpoint', () => {
    expect(targets.map((t) => t.path)).toEqual(
      expect.arrayContaining([
        '/steps',
        '/steps/series',
        '/timeouts',
        '/funnel',
        '/stuck',
        '/traces',
        '/traces/{traceId}',
        '/journeys/{key}',
      ]),
    );
  });

  for (const target of targets) {
    it(`GET ${target.path} (${target.parameters.map((p) => p.split(':')[1]).join(', ')})`, async () => {
      await fc.assert(
        fc.asyncProperty(caseArbitrary(target), async (fuzz) => {
          await checkCase(ctx, target, fuzz);
        }),
        { numRuns: RUNS_PER_ENDPOINT, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false },
      );
    });
  }

  it('refuses a 100 KiB parameter at the HTTP layer and keeps serving', async () => {
    const huge = await fetch(`${seeded.baseUrl}/api/v1/traces?key=${'k'.repeat(100 * 1024)}`);
    expect([414, 431]).toContain(huge.status);
    expect((await fetch(`${seeded.baseUrl}/api/v1/link`)).status).toBe(200);
  });

  it('left every table as it was, and memory bounded', async () => {
    expect(await tableCounts(seeded.driver)).toEqual(countsBefore);
    const grownMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    expect(grownMiB).toBeLessThan(1024); // the embedded engine's caches included
  });
});
