// End-to-end ingest: OTLP protobuf over HTTP → spool (fsync) → ClickHouse, until queryable,
// beside the same rows inserted straight into the engine in the same run (same batch sizes), and
// beside an earlier build of paylens (BENCH_BASELINE: a git revision, by default the last before
// journeys; empty to skip) whose runs alternate with this build's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultDecoders } from '../collector/src/default-decoders.ts';
import { ensureLinkSpansView } from '../server/src/analytics/link-spans-view.ts';
import { journeyKeyOf } from '../server/src/link/link-set.ts';
import { EmbeddedDriver } from '../store/src/embedded-driver.ts';
import { migrate } from '../store/src/migrate.ts';
import { SPAN_COLUMNS } from '../store/src/rows.ts';
import { sql } from '../store/src/sql.ts';
import { startChildPaylens } from '../test/support/child-paylens.ts';
import { baselineFromEnv } from './support/baseline-build.ts';
import { buildTracePayloads } from './support/payloads.ts';
import { peakRssMiB } from './support/process-stats.ts';
import { benchLinks, threeLinkDirectory } from './support/three-links.ts';

const TOTAL = Number(process.env.BENCH_INGEST_SPANS ?? 300_000);
const BATCH_SIZES = [1000, 2000, 5000];
const CONCURRENCY = 4;

/**
 * The engine's own insert rate of the same rows: into otel_traces with paylens' views for one link
 * and for three (one view classifies for all links; measured in the same run), and into a bare table.
 */
async function rawEngineRate(
  payloads: Buffer[],
  spans: number,
): Promise<{ withViews: number; withThreeLinks: number; bare: number }> {
  const decoders = createDefaultDecoders();
  const bodies = payloads.map((payload) =>
    decoders.serialize(decoders.traces(payload, 'protobuf').rows, SPAN_COLUMNS),
  );
  const dir = mkdtempSync(join(tmpdir(), 'paylens-bench-raw-'));
  const driver = new EmbeddedDriver(dir);
  try {
    const three = benchLinks(3);
    await migrate(driver, { journeyKey: journeyKeyOf(three) });
    let round = 0;
    const timeInserts = async (table: string) => {
      const started = performance.now();
      let i = 0;
      round++;
      for (const body of bodies)
        await driver.insert({
          table,
          body,
          columns: SPAN_COLUMNS,
          deduplicationToken: `${table}-${round}-${i++}`,
        });
      return spans / ((performance.now() - started) / 1000);
    };
    // The same table without the materialized views, to show what the views cost the engine.
    await driver.command(sql`CREATE DATABASE IF NOT EXISTS bare`);
    await driver.command(sql`CREATE TABLE bare.otel_traces AS otel_traces`);
    const bare = await timeInserts('bare.otel_traces');
    // The views paylens' server adds from the links (classified link spans, minute rollup): one
    // link, then the same view classifying for three, then one again (runs alternate, so load and
    // the tables' growth weigh on both alike; each figure is the mean of its runs).
    await ensureLinkSpansView(driver, [three.defaultLink]);
    const one1 = await timeInserts('otel_traces');
    await ensureLinkSpansView(driver, three.links);
    const three1 = await timeInserts('otel_traces');
    await ensureLinkSpansView(driver, [three.defaultLink]);
    const one2 = await timeInserts('otel_traces');
    await ensureLinkSpansView(driver, three.links);
    const three2 = await timeInserts('otel_traces');
    return { withViews: (one1 + one2) / 2, withThreeLinks: (three1 + three2) / 2, bare };
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

async function paylensRun(
  payloads: Buffer[],
  spans: number,
  concurrency: number,
  { linkPath, root }: { linkPath?: string; root?: string } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-bench-ingest-'));
  const child = await startChildPaylens(
    'all',
    {
      ...(linkPath ? { PAYLENS_LINK: linkPath } : {}),
      PAYLENS_DATA_DIR: dir,
      PAYLENS_PORT: '0',
      PAYLENS_OTLP_PORT: '0',
      PAYLENS_LOG_LEVEL: 'warn',
      ...(process.env.BENCH_IN_FLIGHT ? { PAYLENS_MAX_IN_FLIGHT: process.env.BENCH_IN_FLIGHT } : {}),
      ...(process.env.BENCH_SEGMENT_BYTES
        ? { PAYLENS_SEGMENT_MAX_BYTES: process.env.BENCH_SEGMENT_BYTES }
        : {}),
    },
    root ? { root } : {},
  );
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
// End to end varies run to run on a shared 2-core machine (merges, neighbours): the median of
// E2E_RUNS fresh servers.
const E2E_RUNS = Number(process.env.BENCH_E2E_RUNS ?? 3);
type Run = Awaited<ReturnType<typeof paylensRun>>;
/** The run of median end-to-end rate, and every run's rate in order. */
function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.endToEndRate - b.endToEndRate);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const linksDir = threeLinkDirectory();
// Issue #11's "today": the last build before journeys, run beside this one (BENCH_BASELINE= skips).
const { build: baseline, label: BASELINE_LABEL, missing: baselineMissing } = baselineFromEnv();
// One link, three links and the baseline build alternate, so the machine's drift weighs on all alike.
const oneLinkRuns: Run[] = [];
const threeLinkRuns: Run[] = [];
const baselineRuns: Run[] = [];
try {
  for (let run = 0; run < E2E_RUNS; run++) {
    oneLinkRuns.push(await paylensRun(payloads, spans, CONCURRENCY));
    threeLinkRuns.push(await paylensRun(payloads, spans, CONCURRENCY, { linkPath: linksDir }));
    if (baseline) baselineRuns.push(await paylensRun(payloads, spans, CONCURRENCY, { root: baseline.root }));
  }
} finally {
  rmSync(linksDir, { recursive: true, force: true });
  baseline?.remove();
}
const paylens = median(oneLinkRuns);
const paylensThree = median(threeLinkRuns);
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
// Issue #11: end to end no more than 10% below the 32k spans/s measured before journeys existed.
// That figure was measured on a faster day of this machine: the build it was measured on runs
// beside this one, and the two medians' ratio is the comparison that holds across days.
const TARGET = 32_000 * 0.9;
console.log(
  `paylens end-to-end, median of ${E2E_RUNS} runs: ${fmt(paylens.endToEndRate)} spans/s (runs: ${oneLinkRuns.map((r) => fmt(r.endToEndRate)).join(', ')}); target >= ${fmt(TARGET)}: ${paylens.endToEndRate >= TARGET ? 'met' : 'NO'}`,
);
if (baseline) {
  const before = median(baselineRuns);
  const ratio = paylens.endToEndRate / before.endToEndRate;
  console.log(
    `${BASELINE_LABEL} (${baseline.revision}), same payloads, runs interleaved: median ${fmt(before.endToEndRate)} spans/s (runs: ${baselineRuns.map((r) => fmt(r.endToEndRate)).join(', ')}); this build ${ratio.toFixed(2)}× of it, target >= 0.90: ${ratio >= 0.9 ? 'met' : 'NO'}`,
  );
} else if (baselineMissing) {
  console.log(`${BASELINE_LABEL} not run: ${baselineMissing}`);
}
// Several links (issue #13): one view classifies for all of them; target: three links at most 15%
// below one, for the engine's insert and end to end.
const threeVsOne = rawRates.withThreeLinks / raw;
const endToEndThreeVsOne = paylensThree.endToEndRate / paylens.endToEndRate;
console.table({
  'raw engine insert, 1 link': { 'spans/s': fmt(raw), 'vs 1 link': '1.00', target: '', met: '' },
  'raw engine insert, 3 links': {
    'spans/s': fmt(rawRates.withThreeLinks),
    'vs 1 link': threeVsOne.toFixed(2),
    target: '>= 0.85',
    met: threeVsOne >= 0.85 ? 'yes' : 'NO',
  },
  'paylens end-to-end, 1 link': {
    'spans/s': fmt(paylens.endToEndRate),
    'vs 1 link': '1.00',
    target: '',
    met: '',
  },
  [`paylens end-to-end, 3 links (three journey builders beside ingest; median of ${E2E_RUNS})`]: {
    'spans/s': fmt(paylensThree.endToEndRate),
    'vs 1 link': endToEndThreeVsOne.toFixed(2),
    target: '>= 0.85',
    met: endToEndThreeVsOne >= 0.85 ? 'yes' : 'NO',
  },
});
console.log(
  `collector peak RSS: ${paylens.peakRss.toFixed(0)} MiB at concurrency ${CONCURRENCY}; ${overload.peakRss.toFixed(0)} MiB under overload (concurrency 32, statuses ${JSON.stringify(Object.fromEntries(overload.statuses))}, ${fmt(overload.endToEndRate)} spans/s)`,
);
console.log(
  'peers (published): OpenTelemetry Collector ~12k spans/s per core; Jaeger v2 ClickHouse 52k spans/s on 4 OCPU',
);
