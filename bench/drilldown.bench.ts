// Step drill-down over a day of traffic (>= 10M spans by default): the distribution (exact counts in
// log-spaced buckets, and the heatmap) and attribution ("who is slow?": every span and resource
// attribute value counted in a selection and its baseline), each beside hand-written SQL doing the
// same counting in the same run. Reuses analytics.bench.ts's dataset under bench/out/ (generated
// when missing). BENCH_SPANS=200000 for a quick run.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseDriver, migrate, type SqlFragment, sql, typed } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { stepAttribution } from '../server/src/analytics/attribution-service.ts';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { stepDistribution } from '../server/src/analytics/distribution-service.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { datasetInsertSql } from '../test/fixtures/dataset-sql.ts';
import { medians } from './support/medians.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 10_500_000);
const JOURNEYS = Math.ceil(SPANS / 9.2);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHUNK = 250_000;
const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 24);
const FROM_MS = NOW_MS - DAY_MS;
const TARGET_MS = 500;

// The same directory and generator as analytics.bench.ts, so a machine generates the day once.
const dataDir = join(fileURLToPath(new URL('.', import.meta.url)), 'out', `analytics-v4-${SPANS}`);
const link = loadLinkFile(DEFAULT_LINK_FILE);

async function generate(driver: ClickHouseDriver): Promise<void> {
  const marker = join(dataDir, 'generated.json');
  if (existsSync(marker)) {
    console.log(`reusing ${dataDir}: ${readFileSync(marker, 'utf8')}`);
    return;
  }
  for (let first = 0; first < JOURNEYS; first += CHUNK) {
    const journeys = Math.min(CHUNK, JOURNEYS - first);
    await driver.command(
      datasetInsertSql({
        journeys,
        firstJourney: first,
        fromMs: FROM_MS,
        spacingMs: DAY_MS / JOURNEYS,
        seed: 42,
      }),
    );
  }
  const [counts] = await driver.query<{ spans: number; linkSpans: number }>(sql`
    SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM paylens_link_spans) AS linkSpans`);
  const summary = JSON.stringify({ journeys: JOURNEYS, ...counts });
  writeFileSync(marker, summary);
  console.log(`generated ${summary}`);
}

// ── Hand-written SQL for the same counting (the engine's own cost, no paylens code) ───────────
const RANGE = sql`Timestamp >= fromUnixTimestamp64Milli(${typed('Int64', FROM_MS)}) AND Timestamp < fromUnixTimestamp64Milli(${typed('Int64', NOW_MS)})`;
/** channel_pay as the link defines it (a client span with a payment.channel), written out by hand. */
const CHANNEL_PAY = sql`lower(SpanKind) IN ('client', 'span_kind_client')
  AND (SpanAttributes['payment.channel'] != '' OR ResourceAttributes['payment.channel'] != '')`;
const bareDistribution = sql`
  SELECT toStartOfInterval(Timestamp, INTERVAL 15 MINUTE) AS t,
    toUInt8(greatest(0, least(61, ceil(10 * log10(greatest(Duration, 1)) - 50)))) AS bucket, count()
  FROM paylens_link_spans WHERE Step = 'channel_pay' AND ${RANGE}
  GROUP BY t, bucket`;
/** The same counting paylens does, written by hand: attribute hashes of the step's link spans. */
const bareAttribution = (selected: SqlFragment) => sql`
  SELECT h, countIf(sel), countIf(NOT sel), any(Timestamp), any(SpanHash)
  FROM (SELECT ${selected} AS sel, Timestamp, SpanHash, Attrs FROM paylens_link_spans WHERE Step = 'channel_pay' AND ${RANGE})
  ARRAY JOIN Attrs AS h
  GROUP BY h`;
/** What the stored hashes save: every attribute value of the step's spans counted from otel_traces. */
const fromOtelTraces = (selected: SqlFragment) => sql`
  SELECT kv.1 AS k, kv.2 AS v, countIf(sel), countIf(NOT sel)
  FROM (
    SELECT ${selected} AS sel, arrayJoin(arrayConcat(
      arrayZip(CAST(mapKeys(SpanAttributes), 'Array(String)'), mapValues(SpanAttributes)),
      arrayZip(CAST(mapKeys(ResourceAttributes), 'Array(String)'), mapValues(ResourceAttributes)))) AS kv
    FROM otel_traces WHERE ${RANGE} AND ${CHANNEL_PAY}
  )
  WHERE k NOT IN ('payment.order_id', 'order.id')
  GROUP BY k, v`;

mkdirSync(dataDir, { recursive: true });
const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
await migrate(driver, { journeyKey: link.journeyKey });
const ctx = analyticsContext({ driver, link });
await ctx.coverage();
await generate(driver);
const [{ stepSpans } = { stepSpans: 0 }] = await driver.query<{ stepSpans: number }>(
  sql`SELECT count() AS stepSpans FROM paylens_link_spans WHERE Step = 'channel_pay' AND ${RANGE}`,
);

const range = { from: FROM_MS, to: NOW_MS };
const rows: Record<string, Record<string, string>>[] = [];
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
async function measure(
  name: string,
  service: () => Promise<unknown>,
  bare: () => Promise<unknown>,
  raw?: () => Promise<unknown>,
) {
  const [paylens, engine] = (await medians([service, bare], RUNS)) as [number, number];
  let rawMs: number | undefined;
  if (raw) {
    const started = performance.now();
    await raw();
    rawMs = performance.now() - started;
  }
  rows.push({
    [name]: {
      'paylens p50 ms': fmt(paylens),
      'bare SQL p50 ms': fmt(engine),
      ratio: (paylens / engine).toFixed(2),
      target: `< ${TARGET_MS} ms`,
      met: paylens < TARGET_MS ? 'yes' : 'NO',
      'from otel_traces ms': rawMs === undefined ? '—' : fmt(rawMs),
    },
  });
  console.log(`${name}: paylens ${fmt(paylens)} ms, bare ${fmt(engine)} ms`);
}

await measure(
  'distribution channel_pay 24h, 15 min heatmap',
  () => stepDistribution(ctx, { step: 'channel_pay', range, bucketMs: 900_000 }),
  () => driver.query(bareDistribution),
);
await measure(
  'attribution channel_pay 24h, ≥ 1 s',
  () => stepAttribution(ctx, { step: 'channel_pay', range, minMs: 1000 }),
  () => driver.query(bareAttribution(sql`Duration >= 1000000000`)),
  process.env.BENCH_SKIP_RAW === '1'
    ? undefined
    : () => driver.query(fromOtelTraces(sql`Duration >= 1000000000`)),
);
await measure(
  'attribution channel_pay 24h, errors',
  () => stepAttribution(ctx, { step: 'channel_pay', range, outcome: 'error' }),
  () => driver.query(bareAttribution(sql`Error = 1`)),
);
await measure(
  'attribution channel_pay, 1 h slice ≥ 1 s',
  () =>
    stepAttribution(ctx, {
      step: 'channel_pay',
      range: { from: NOW_MS - 3_600_000, to: NOW_MS },
      minMs: 1000,
    }),
  () =>
    driver.query(sql`
      SELECT h, countIf(Duration >= 1000000000), countIf(Duration < 1000000000), any(Timestamp), any(SpanHash)
      FROM paylens_link_spans ARRAY JOIN Attrs AS h
      WHERE Step = 'channel_pay' AND Timestamp >= fromUnixTimestamp64Milli(${typed('Int64', NOW_MS - 3_600_000)})
        AND Timestamp < fromUnixTimestamp64Milli(${typed('Int64', NOW_MS)})
      GROUP BY h`),
);

console.table(Object.assign({}, ...rows));
console.log(
  `${SPANS.toLocaleString('en-US')} spans requested over 24 h, ${Number(stepSpans).toLocaleString('en-US')} of them channel_pay; ` +
    `p50 of ${RUNS} runs after a warm-up; paylens = the service function (SQL building, the query, JSON decoding, ` +
    'ranking); bare SQL = hand-written SQL counting the same (distribution: the link spans of the step; ' +
    'attribution: the attribute hashes of the step link spans grouped, without ranking or naming the values); ' +
    'from otel_traces = counting the attribute strings of the same spans straight from otel_traces (once), what the stored hashes save.',
);
await driver.close();
