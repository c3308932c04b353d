// End-to-end ingest: OTLP protobuf over HTTP → spool (fsync) → ClickHouse, until queryable,
// beside the same rows inserted straight into the engine in the same run (same batch sizes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultDecoders } from '../collector/src/default-decoders.ts';
import { ensureLinkSpansView } from '../server/src/analytics/link-spans-view.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { EmbeddedDriver } from '../store/src/embedded-driver.ts';
import { migrate } from '../store/src/migrate.ts';
import { sql } from '../store/src/sql.ts';
import { startChildPaylens } from '../test/support/child-paylens.ts';
import { buildTracePayloads } from './support/payloads.ts';
import { peakRssMiB } from './support/process-stats.ts';

const TOTAL = Number(process.env.BENCH_INGEST_SPANS ?? 300_000);
const BATCH_SIZES = [1000, 2000, 5000];
const CONCURRENCY = 4;

async function rawEngineRate(
  payloads: Buffer[],
  spans: number,
): Promise<{ withViews: number; bare: number }> {
  const decoders = createDefaultDecoders();
  const bodies = payloads.map((payload) => decoders.serialize(decoders.traces(payload, 'protobuf').rows));
  const dir = mkdtempSync(join(tmpdir(), 'paylens-bench-raw-'));
  const driver = new EmbeddedDriver(dir);
  try {
    const link = loadLinkFile(DEFAULT_LINK_FILE);
    await migrate(driver, { journeyKey: link.journeyKey });
    // The views paylens' server adds from the link (classified link spans, minute rollup).
    await ensureLinkSpansView(driver, [link]);
    const timeInserts = async (table: string) => {
      const started = performance.now();
      let i = 0;
      for (const body of bodies) await driver.insert({ table, body, deduplicationToken: `${table}-${i++}` });
      return spans / ((performance.now() - started) / 1000);
    };
    // The same table without the materialized views, to show what the views cost the engine.
    await driver.command(sql`CREATE DATABASE IF NOT EXISTS bare`);
    await driver.command(sql`CREATE TABLE bare.otel_traces AS otel_traces`);
    const bare = await timeInserts('bare.otel_traces');
    return { withViews: await timeInserts('otel_traces'), bare };
  } finally {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rowsInserted(apiUrl: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const match = /paylens_rows_inserted_total\{table="otel_traces"\} (\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}

async function send(url: string, payloads: Buffer[], concurrency: number) {
  let next = 0;
  const statuses = new Map<number, number>();
  const worker = async () => {
    while (next < payloads.length) {
      const payload = payloads[next++]!;
      for (;;) {
        const response = await fetch(`${url}/v1/traces`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-protobuf' },
          body: payload,
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

async function paylensRun(payloads: Buffer[], spans: number, concurrency: number) {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-bench-ingest-'));
  const child = await startChildPaylens('all', {
    PAYLENS_DATA_DIR: dir,
    PAYLENS_PORT: '0',
    PAYLENS_OTLP_PORT: '0',
    PAYLENS_LOG_LEVEL: 'warn',
    ...(process.env.BENCH_IN_FLIGHT ? { PAYLENS_MAX_IN_FLIGHT: process.env.BENCH_IN_FLIGHT } : {}),
    ...(process.env.BENCH_SEGMENT_BYTES
      ? { PAYLENS_SEGMENT_MAX_BYTES: process.env.BENCH_SEGMENT_BYTES }
      : {}),
  });
  try {
    const started = performance.now();
    const statuses = await send(child.otlpUrl, payloads, concurrency);
    const acknowledgedAt = performance.now();
    while ((await rowsInserted(child.apiUrl!)) < spans)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const queryableAt = performance.now();
    return {
      ackRate: spans / ((acknowledgedAt - started) / 1000),
      endToEndRate: spans / ((queryableAt - started) / 1000),
      peakRss: peakRssMiB(child.process.pid!),
      statuses,
    };
  } finally {
    child.process.kill('SIGTERM');
    await child.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const { payloads, spans } = buildTracePayloads(TOTAL, BATCH_SIZES);
const bytes = payloads.reduce((sum, p) => sum + p.length, 0);
console.log(
  `${spans} spans, 8 attributes each, ${payloads.length} requests of 1k–5k spans, ${(bytes / spans).toFixed(0)} B/span`,
);
const rawRates = await rawEngineRate(payloads, spans);
const raw = rawRates.withViews;
const paylens = await paylensRun(payloads, spans, CONCURRENCY);
const overload = await paylensRun(payloads, spans, 32);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.table({
  'raw engine insert (same rows, same batches, with the views)': { 'spans/s': fmt(raw), ratio: '1.00' },
  'raw engine insert into a bare otel_traces (no views)': {
    'spans/s': fmt(rawRates.bare),
    ratio: (rawRates.bare / raw).toFixed(2),
  },
  'paylens end-to-end (HTTP → durable → queryable)': {
    'spans/s': fmt(paylens.endToEndRate),
    ratio: (paylens.endToEndRate / raw).toFixed(2),
  },
  'paylens acknowledged (HTTP → durable)': {
    'spans/s': fmt(paylens.ackRate),
    ratio: (paylens.ackRate / raw).toFixed(2),
  },
});
console.log(
  `collector peak RSS: ${paylens.peakRss.toFixed(0)} MiB at concurrency ${CONCURRENCY}; ${overload.peakRss.toFixed(0)} MiB under overload (concurrency 32, statuses ${JSON.stringify(Object.fromEntries(overload.statuses))}, ${fmt(overload.endToEndRate)} spans/s)`,
);
console.log(
  'peers (published): OpenTelemetry Collector ~12k spans/s per core; Jaeger v2 ClickHouse 52k spans/s on 4 OCPU',
);
