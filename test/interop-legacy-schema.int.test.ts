import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDriver, sql, UNSAFE_raw } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_EXPORTER_DDL } from './support/exporter-ddl.ts';
import { insertExportedLogs, insertExportedSpans } from './support/exporter-rows.ts';
import { backfillStatements, timestampTimeWorkaround } from './support/interop-doc.ts';
import { JOURNEYS, journeyKeyOf, type PaymentDataset, paymentDataset } from './support/interop-payments.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';
import { differences, normalizeVariant } from './support/variant-normalizer.ts';

// A team that has exported with an older clickhouseexporter (SPAN_KIND_* spelling, its own tables)
// points paylens at the same database: paylens adopts the exporter's tables as they are, its views
// see what arrives from then on, and the backfill of docs/interop.md covers what came before.
// (The store holds spans when paylens starts, so analytics compute link spans from otel_traces for
// both windows here; test/interop-exporter.int.test.ts covers the view's own rows.)
const HOUR_MS = 3_600_000;
const BASE_MS = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 10 * HOUR_MS;
const BEFORE = { id: 1, fromMs: BASE_MS, dataset: paymentDataset(1, BASE_MS) };
const AFTER = { id: 2, fromMs: BASE_MS + 2 * HOUR_MS, dataset: paymentDataset(2, BASE_MS + 2 * HOUR_MS) };
type Window = { id: number; fromMs: number; dataset: PaymentDataset };

const dataDir = mkdtempSync(join(tmpdir(), 'paylens-legacy-'));
let paylens: TestPaylens;

beforeAll(async () => {
  const exporter = createDriver({ kind: 'embedded', dataDir: join(dataDir, 'clickhouse') });
  for (const statement of LEGACY_EXPORTER_DDL) await exporter.command(sql`${UNSAFE_raw(statement)}`);
  await insertExportedSpans(exporter, BEFORE.dataset.spans, 'legacy');
  await insertExportedLogs(exporter, BEFORE.dataset.logs);
  await exporter.close();

  paylens = await startTestPaylens({ dataDir });
  await insertExportedSpans(paylens.driver, AFTER.dataset.spans, 'legacy');
  await insertExportedLogs(paylens.driver, AFTER.dataset.logs);
});
afterAll(async () => {
  await paylens?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function get(path: string): Promise<unknown> {
  const response = await fetch(`${paylens.apiUrl}/api/v1${path}`);
  const body = await response.json();
  expect(response.status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

async function expectSame(path: (w: Window) => string): Promise<void> {
  const after = normalizeVariant(await get(path(AFTER)), AFTER.id, AFTER.fromMs);
  const before = normalizeVariant(await get(path(BEFORE)), BEFORE.id, BEFORE.fromMs);
  expect(differences(before, after), path(BEFORE)).toEqual([]);
}

const range = (w: Window) => `from=${w.fromMs}&to=${w.fromMs + HOUR_MS}`;

describe("an older exporter's tables, adopted by paylens", () => {
  it('keeps the exporter tables as they were (paylens creates only its own)', async () => {
    const columns = await paylens.driver.query<{ table: string; name: string; type: string }>(sql`
      SELECT table, name, type FROM system.columns
      WHERE database = currentDatabase() AND (table, name) IN (('otel_traces', 'Duration'), ('otel_logs', 'TimestampTime'))`);
    expect(columns).toEqual([{ table: 'otel_traces', name: 'Duration', type: 'Int64' }]);
  });

  it('answers steps, series, timeouts, funnel and stuck over rows stored before paylens came', async () => {
    await expectSame((w) => `/steps?${range(w)}&groupBy=payment.channel`);
    await expectSame((w) => `/steps/series?step=notify&${range(w)}&bucket=10m`);
    await expectSame((w) => `/timeouts?${range(w)}`);
    await expectSame((w) => `/funnel?${range(w)}`);
    await expectSame((w) => `/stuck?after=channel_pay&graceMs=60000&${range(w)}`);
  });

  // The logs of these tables are bounded by Timestamp alone (they lack TimestampTime).
  it('opens waterfalls over a logs table without TimestampTime', async () => {
    const traceId = BEFORE.dataset.journeys[0]!.traceIds[0]!;
    await expectSame((w) => `/traces/${w.id}${traceId.slice(1)}`);
  });

  it('opens the waterfall of a trace stored before paylens came, once the documented ALTER ran', async () => {
    await paylens.driver.command(sql`${UNSAFE_raw(timestampTimeWorkaround())}`);
    for (const journey of BEFORE.dataset.journeys) {
      for (const traceId of journey.traceIds) await expectSame((w) => `/traces/${w.id}${traceId.slice(1)}`);
    }
  });

  it('finds older traces and journeys once the documented backfill has run', async () => {
    const search = (w: Window) => `/traces?${range(w)}`;
    expect((await get(search(BEFORE))) as { traces: unknown[] }).toEqual({ traces: [] });
    for (const statement of backfillStatements(AFTER.fromMs)) await paylens.driver.command(statement);
    await expectSame(search);
    await expectSame((w) => `/traces?${range(w)}&status=error`);
    await expectSame((w) => `/traces?${range(w)}&key=${journeyKeyOf(w.id, 7)}`);
    for (let j = 0; j < JOURNEYS; j++) await expectSame((w) => `/journeys/${journeyKeyOf(w.id, j)}`);
  });
});
