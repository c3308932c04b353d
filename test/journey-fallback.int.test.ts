import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import type { Range } from './fixtures/analytics-expected.ts';
import { insertExportedLogs, insertExportedSpans } from './support/exporter-rows.ts';
import { type Api, apiClient, expectAllAsSent } from './support/journey-checks.ts';
import { exportedLog, exportedSpan, merge, payment, shapePlans } from './support/journey-shapes.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

// Issue #11, the other read path: journeys stored before paylens started (written by the
// OpenTelemetry Collector's exporter into the same tables) are older than the link spans view's
// coverage, so the funnel and stuck lists compute them span by span instead of from the built
// journeys. Same shapes, same model, same answers.

const HOUR = 3_600_000;
const r: Range = { from: Math.floor(Date.now() / HOUR) * HOUR - 8 * HOUR, to: 0 };
r.to = r.from + HOUR;
const payments = shapePlans('pre', r.from + 60_000).map(payment);
const sent = merge(
  ...payments.map((p) => p.checkout),
  ...payments.filter((_, i) => i !== 9).map((p) => p.callback),
);

let dataDir: string;
let paylens: TestPaylens;
let api: Api;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'paylens-journey-fallback-'));
  const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
  await migrate(driver, { journeyKey: loadLinkFile(DEFAULT_LINK_FILE).journeyKey });
  await insertExportedSpans(driver, sent.spans.map(exportedSpan), 'current');
  await insertExportedLogs(driver, sent.logs.map(exportedLog));
  await driver.close();
  paylens = await startTestPaylens({ dataDir });
  api = apiClient(paylens.apiUrl!);
}, 300_000);
afterAll(async () => {
  await paylens?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('journeys stored before paylens started', () => {
  it('are read span by span, with the same answers as the model', async () => {
    const coverage = await analyticsContext({ driver: paylens.driver, link: paylens.link }).coverage();
    // The view covers from its creation on: this range is read from the spans.
    expect(coverage!.coveredFromNs > BigInt(r.to) * 1_000_000n).toBe(true);
    const funnel = await expectAllAsSent(api, paylens.link, sent, r, 60_000);
    expect(funnel.completed.count).toBe(8);
  }, 300_000);
});
