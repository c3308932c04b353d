// SLOs over a busy link (issue #16): GET /slos for every SLO of the link, each with a 28-day window
// and five burn-rate windows, over 28 days of per-minute SLO counts for every SLO step and a last day
// of >= 10M spans (generated inside chDB, test/fixtures/dataset-sql.ts); `at` is not on a whole
// minute, so the windows' partial minutes are read span by span. Beside it: hand-written SQL of the
// same sums, the same answer span by span over the last day (once), and the burn-down series.
// The 27 days before the spans are rows written straight into paylens_slo_minutes (no one generates
// 270M spans for a benchmark). BENCH_SPANS=1000000 for a quick run; the data dir is reused.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseDriver, join as joinSql, migrate, sql, typed } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { sloSources } from '../server/src/slo/slo-coverage.ts';
import { BURN_WINDOWS, sloReport, sloSeries } from '../server/src/slo/slo-service.ts';
import { goodSql } from '../server/src/slo/slo-sql.ts';
import { stepSlos } from '../server/src/slo/slo-steps.ts';
import { datasetInsertSql } from '../test/fixtures/dataset-sql.ts';
import { medians } from './support/medians.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 10_500_000);
const JOURNEYS = Math.ceil(SPANS / 9.2);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const CHUNK = 250_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 24);
/** Off the minute, so every window has partial minutes at both ends. */
const AT_MS = NOW_MS - 12_345;
const TARGET_MS = 200;

const dataDir = join(fileURLToPath(new URL('.', import.meta.url)), 'out', `slos-v1-${SPANS}`);
const link = loadLinkFile(DEFAULT_LINK_FILE);
const slos = stepSlos(link);

async function generate(driver: ClickHouseDriver): Promise<void> {
  const marker = join(dataDir, 'generated.json');
  if (existsSync(marker)) {
    console.log(`reusing ${dataDir}: ${readFileSync(marker, 'utf8')}`);
    return;
  }
  const started = performance.now();
  for (let first = 0; first < JOURNEYS; first += CHUNK) {
    await driver.command(
      datasetInsertSql({
        journeys: Math.min(CHUNK, JOURNEYS - first),
        firstJourney: first,
        fromMs: NOW_MS - DAY_MS,
        spacingMs: DAY_MS / JOURNEYS,
        seed: 16,
      }),
    );
  }
  // Per-minute counts for the 27 days before: 200–300 spans a minute per step, a few bad.
  const fromSec = (NOW_MS - 28 * DAY_MS) / 1000;
  const minutes = 27 * 1440;
  await driver.command(sql`
    INSERT INTO paylens_slo_minutes (Minute, Step, Total, Good)
    SELECT toDateTime(${typed('Int64', fromSec)} + intDiv(number, ${slos.length}) * 60) AS Minute,
      ${slos.map((slo) => slo.step)}[1 + number % ${slos.length}] AS Step,
      toUInt64(200 + cityHash64(number) % 100) AS Total, Total - cityHash64(number, 'bad') % 4 AS Good
    FROM numbers(${typed('UInt64', minutes * slos.length)})`);
  const [counts] = await driver.query<{ spans: number; linkSpans: number; minutes: number }>(sql`
    SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM paylens_link_spans) AS linkSpans,
      (SELECT count() FROM paylens_slo_minutes) AS minutes`);
  const summary = JSON.stringify({ ...counts, seconds: Math.round((performance.now() - started) / 1000) });
  writeFileSync(marker, summary);
  console.log(`generated ${summary}`);
}

async function once(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

// ── The same sums by hand: whole minutes of paylens_slo_minutes, partial minutes of link spans ──
const ns = (ms: number) => typed('Int64', (BigInt(ms) * 1_000_000n).toString());
const floorMin = Math.floor(AT_MS / MINUTE_MS) * MINUTE_MS;
const windows = [28 * DAY_MS, ...Object.values(BURN_WINDOWS)];
const bare = () => {
  const minuteSums = windows.map((w) => {
    const start = Math.ceil((AT_MS - w) / MINUTE_MS) * MINUTE_MS;
    return sql`sumIf(Total, Minute >= toDateTime(${typed('Int64', start / 1000)})), sumIf(Good, Minute >= toDateTime(${typed('Int64', start / 1000)}))`;
  });
  const edgeSums = windows.map((w) => {
    const start = Math.ceil((AT_MS - w) / MINUTE_MS) * MINUTE_MS;
    const inEdge = sql`((Timestamp >= fromUnixTimestamp64Nano(${ns(AT_MS - w)}) AND Timestamp < fromUnixTimestamp64Nano(${ns(start)})) OR Timestamp >= fromUnixTimestamp64Nano(${ns(floorMin)}))`;
    return sql`countIf(${inEdge}), countIf(${inEdge} AND ${goodSql(slos)})`;
  });
  const edges = windows.map((w) => {
    const start = Math.ceil((AT_MS - w) / MINUTE_MS) * MINUTE_MS;
    return sql`(Timestamp >= fromUnixTimestamp64Nano(${ns(AT_MS - w)}) AND Timestamp < fromUnixTimestamp64Nano(${ns(start)}))`;
  });
  return Promise.all([
    driver.query(sql`SELECT Step, ${joinSql(minuteSums, ', ')} FROM paylens_slo_minutes
      WHERE Step IN ${slos.map((slo) => slo.step)} AND Minute >= toDateTime(${typed('Int64', Math.ceil((AT_MS - 28 * DAY_MS) / MINUTE_MS) * 60)})
        AND Minute < toDateTime(${typed('Int64', floorMin / 1000)})
      GROUP BY Step`),
    driver.query(sql`SELECT Step, ${joinSql(edgeSums, ', ')} FROM paylens_link_spans
      WHERE Step IN ${slos.map((slo) => slo.step)} AND (${joinSql(edges, ' OR ')}
        OR (Timestamp >= fromUnixTimestamp64Nano(${ns(floorMin)}) AND Timestamp < fromUnixTimestamp64Nano(${ns(AT_MS)})))
      GROUP BY Step`),
  ]);
};

mkdirSync(dataDir, { recursive: true });
const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
await migrate(driver, { journeyKey: link.journeyKey });
const ctx = analyticsContext({ driver, link });
// Both views exist before the first span, as in a fresh install.
const sources = await sloSources(ctx);
await generate(driver);

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const [paylensMs, bareMs] = (await medians([() => sloReport(ctx, { atMs: AT_MS }, sources), bare], RUNS)) as [
  number,
  number,
];
const [seriesMs] = (await medians(
  [
    () =>
      sloSeries(
        ctx,
        { step: slos[0]!.step, range: { from: AT_MS - 28 * DAY_MS, to: AT_MS }, bucketMs: 6 * 3_600_000 },
        sources,
      ),
  ],
  RUNS,
)) as [number];
// The last day span by span (what the rollup saves), once; the 27 days before exist only as minutes.
const lastDay = { ...sources, rollupFromMs: undefined };
const dayCtx = {
  ...ctx,
  link: { ...link, steps: link.steps.map((s) => (s.slo ? { ...s, slo: { ...s.slo, window: '1d' } } : s)) },
};
const spanByDayMs = await once(() => sloReport(dayCtx, { atMs: AT_MS }, lastDay));
const [rolledDayMs] = (await medians([() => sloReport(dayCtx, { atMs: AT_MS }, sources)], RUNS)) as [number];

const [{ spans, linkSpans } = { spans: 0, linkSpans: 0 }] = await driver.query<{
  spans: number;
  linkSpans: number;
}>(
  sql`SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM paylens_link_spans) AS linkSpans`,
);
console.table({
  [`/slos, ${slos.length} SLOs × 28 d + 5 burn windows`]: {
    'paylens p50 ms': fmt(paylensMs),
    'bare SQL p50 ms': fmt(bareMs),
    ratio: (paylensMs / bareMs).toFixed(2),
    target: `< ${TARGET_MS} ms`,
    met: paylensMs < TARGET_MS ? 'yes' : 'NO',
  },
  '/slos/:step/series, 28 d, 6 h buckets': {
    'paylens p50 ms': fmt(seriesMs),
    'bare SQL p50 ms': '—',
    ratio: '—',
    target: '—',
    met: '—',
  },
  '/slos with 1-day windows: rollup vs span by span': {
    'paylens p50 ms': fmt(rolledDayMs),
    'bare SQL p50 ms': `${fmt(spanByDayMs)} (span by span, once)`,
    ratio: (rolledDayMs / spanByDayMs).toFixed(3),
    target: '—',
    met: '—',
  },
});
console.log(
  `${Number(spans).toLocaleString('en-US')} spans (${Number(linkSpans).toLocaleString('en-US')} step spans) in the last 24 h, ` +
    `28 days of per-minute SLO counts for ${slos.map((s) => s.step).join(', ')}; at = 12.345 s before a whole minute; ` +
    `p50 of ${RUNS} runs after a warm-up. paylens = the service function (planning, one query, decoding); ` +
    'bare SQL = hand-written sums over paylens_slo_minutes and the partial minutes of paylens_link_spans.',
);
await driver.close();
