// The long fuzzing run: FUZZ_RUNS hostile cases (default 100,000) for every documented GET endpoint
// of the API and for the payment-link loader, with the same checks as test/api-fuzz*.test.ts (a
// documented JSON 200 or a JSON 4xx naming the parameter; never a 500, a hang or another exception;
// no table changed), printing cases/s and memory. Stops at the first failure with its counterexample.
//   node --import tsx bench/fuzz-api.ts
//   FUZZ_RUNS=5000 FUZZ_ENDPOINTS=/steps,/traces FUZZ_CONCURRENCY=4 FUZZ_SEED=42 node --import tsx bench/fuzz-api.ts
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  DEFAULT_LINK_FILE,
  LinkDefinitionError,
  loadLinkFile,
  parseLink,
} from '../server/src/link/load-link.ts';
import {
  caseArbitrary,
  checkCase,
  type FuzzContext,
  fuzzTargets,
  tableCounts,
} from '../test/support/api-fuzz.ts';
import { journeyKeyOf } from '../test/support/interop-payments.ts';
import { loadOpenApi, OPENAPI_FILE } from '../test/support/openapi-validator.ts';
import { startSeededApp } from '../test/support/seeded-app.ts';
import { yamlishText } from '../test/support/yamlish.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.FUZZ_ENDPOINTS?.split(',');
const MAX_RSS_MIB = Number(process.env.FUZZ_MAX_RSS_MIB ?? 3072);

// The link loader's YAML library warns (once per odd document) about collection keys; not a finding.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!/Keys with collection values/.test(warning.message)) console.warn(warning);
});

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

interface Row {
  target: string;
  cases: number;
  perSecond: number;
  statuses: string;
  p99Ms: number;
  rssStartMiB: number;
  rssPeakMiB: number;
  rssEndMiB: number;
}

/** Runs `runs` cases as CONCURRENCY parallel properties with seeds SEED+i, tracking RSS. */
async function fuzz(
  name: string,
  runs: number,
  property: (seed: number, numRuns: number) => Promise<void>,
  statuses: Map<number | string, number>,
  latencies: number[],
): Promise<Row> {
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 250);
  const started = performance.now();
  try {
    const share = Math.ceil(runs / CONCURRENCY);
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => property(SEED + i, share)));
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const cases = [...statuses.values()].reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  const row: Row = {
    target: name,
    cases,
    perSecond: Math.round(cases / seconds),
    statuses: [...statuses.entries()].map(([status, n]) => `${status}:${n}`).join(' '),
    p99Ms: Math.round((latencies[Math.ceil(0.99 * latencies.length) - 1] ?? 0) * 10) / 10,
    rssStartMiB: mib(rssStart),
    rssPeakMiB: mib(rssPeak),
    rssEndMiB: mib(process.memoryUsage().rss),
  };
  console.log(`${name}: ${row.cases} cases, ${row.perSecond}/s, peak RSS ${row.rssPeakMiB} MiB`);
  if (row.rssPeakMiB > MAX_RSS_MIB)
    throw new Error(`${name}: RSS ${row.rssPeakMiB} MiB over ${MAX_RSS_MIB} MiB`);
  return row;
}

async function main(): Promise<void> {
  const link = loadLinkFile(DEFAULT_LINK_FILE);
  const document = parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
    paths: Record<string, unknown>;
    components: Record<string, unknown>;
  };
  const targets = fuzzTargets(document.paths, document.components, link.dimensions).filter(
    (t) => !ONLY || ONLY.includes(t.path),
  );
  const seeded = await startSeededApp();
  const ctx: FuzzContext = {
    baseUrl: seeded.baseUrl,
    openapi: loadOpenApi(),
    dimensions: link.dimensions,
    baseline: {
      from: String(seeded.fromMs),
      to: String(seeded.toMs),
      step: 'channel_pay',
      after: 'channel_pay',
      traceId: seeded.dataset.journeys[7]!.traceIds[0]!,
      key: journeyKeyOf(1, 7),
    },
    timeoutMs: 30_000,
  };
  console.log(`seed ${SEED}, ${RUNS} cases per target, ${CONCURRENCY} in flight`);
  const rows: Row[] = [];
  const countsBefore = await tableCounts(seeded.driver);
  try {
    for (const target of targets) {
      const statuses = new Map<number | string, number>();
      const latencies: number[] = [];
      rows.push(
        await fuzz(
          `GET ${target.path}`,
          RUNS,
          (seed, numRuns) =>
            fc.assert(
              fc.asyncProperty(caseArbitrary(target), async (fuzzCase) => {
                const started = performance.now();
                const status = await checkCase(ctx, target, fuzzCase);
                latencies.push(performance.now() - started);
                statuses.set(status, (statuses.get(status) ?? 0) + 1);
              }),
              { numRuns, seed, endOnFailure: true },
            ),
          statuses,
          latencies,
        ),
      );
    }
    const after = await tableCounts(seeded.driver);
    if (JSON.stringify(after) !== JSON.stringify(countsBefore)) {
      throw new Error(`tables changed: ${JSON.stringify(countsBefore)} → ${JSON.stringify(after)}`);
    }
  } finally {
    await seeded.close();
  }

  if (!ONLY || ONLY.includes('link')) {
    const outcomes = new Map<number | string, number>();
    const latencies: number[] = [];
    rows.push(
      await fuzz(
        'parseLink (YAML-ish text)',
        RUNS,
        async (seed, numRuns) =>
          fc.assert(
            fc.property(yamlishText, (text) => {
              const started = performance.now();
              const outcome = loaderOutcome(text);
              latencies.push(performance.now() - started);
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            }),
            { numRuns, seed, endOnFailure: true },
          ),
        outcomes,
        latencies,
      ),
    );
  }
  console.table(rows);
}

/** `valid`, `refused`, or the known alias bug; anything else throws (the property fails). */
function loaderOutcome(text: string): string {
  try {
    parseLink(text, 'link.yaml');
    return 'valid';
  } catch (error) {
    if (error instanceof LinkDefinitionError && /link\.yaml:\d+/.test(error.message)) return 'refused';
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return 'alias-bug';
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
