// Payment-link analytics over a day of traffic (>= 10M spans, >= 1M journeys by default): each
// endpoint's service call beside hand-written SQL for the same aggregate, in the same run, plus
// the same aggregate computed from otel_traces alone (what the link spans view saves).
// Spans are generated inside chDB (INSERT … SELECT FROM numbers(), test/fixtures/dataset-sql.ts);
// the data dir under bench/out/ is reused when already filled. BENCH_SPANS=1000000 for a quick run.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseDriver, migrate, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { edgeSlices } from '../server/src/analytics/edges.ts';
import { funnel } from '../server/src/analytics/funnel-service.ts';
import { linkSpanColumnsSql } from '../server/src/analytics/link-spans-sql.ts';
import { linkSpansVersion } from '../server/src/analytics/link-spans-view.ts';
import { stepSeries } from '../server/src/analytics/series-service.ts';
import { stepStats } from '../server/src/analytics/steps-service.ts';
import { stuckJourneys } from '../server/src/analytics/stuck-service.ts';
import { timeoutAnalysis } from '../server/src/analytics/timeouts-service.ts';
import { slotsVersion } from '../server/src/journeys/funnel-slots-sql.ts';
import { journeyKeyOf } from '../server/src/link/link-set.ts';
import { SLOTS } from '../test/fixtures/dataset-model.ts';
import { datasetInsertSql } from '../test/fixtures/dataset-sql.ts';
import { medians } from './support/medians.ts';
import { benchLinks } from './support/three-links.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 10_500_000);
/** Journeys average ~9.2 spans (drop-outs and failures end some early). */
const JOURNEYS = Math.ceil(SPANS / 9.2);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHUNK = 250_000;
const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 24);
const FROM_MS = NOW_MS - DAY_MS;

/**
 * Several links (issue #13): the figures are the payment link's, with BENCH_LINKS links served
 * (default 3: the payment link, a settlement link over some of its spans, the refund link), so
 * the link spans table holds every link's rows and each read takes its own.
 */
const LINK_COUNT = Number(process.env.BENCH_LINKS ?? 3);
const links = benchLinks(LINK_COUNT);
const dataDir = join(
  fileURLToPath(new URL('.', import.meta.url)),
  'out',
  `analytics-v5-${SPANS}-${LINK_COUNT}links`,
);
const link = links.defaultLink;
/** The payment link's rows of the link spans table and of the rollup. */
const OWN_ROWS = sql`Link = ${linkSpansVersion(link)}`;

async function generate(driver: ClickHouseDriver): Promise<void> {
  const marker = join(dataDir, 'generated.json');
  if (existsSync(marker)) {
    console.log(`reusing ${dataDir}: ${readFileSync(marker, 'utf8')}`);
    return;
  }
  const started = performance.now();
  for (let first = 0; first < JOURNEYS; first += CHUNK) {
    const journeys = Math.min(CHUNK, JOURNEYS - first);
    await driver.command(
      datasetInsertSql({
        journeys,
        firstJourney: first,
        fromMs: FROM_MS,
        spacingMs: DAY_MS / JOURNEYS,
        seed: 42,
        values: true,
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const [counts] = await driver.query<{ spans: number; linkSpans: number }>(sql`
    SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM paylens_link_spans) AS linkSpans`);
  const summary = JSON.stringify({ journeys: JOURNEYS, ...counts, seconds: Math.round(seconds) });
  writeFileSync(marker, summary);
  console.log(`generated ${summary}`);
}

/** One timed run (the slow comparisons: raw spans, journeys assembled span by span). */
async function once(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

// ── Hand-written SQL for the same aggregates (the engine's own cost, no paylens code) ──────────
const RANGE = sql`Timestamp >= fromUnixTimestamp64Milli(${typed('Int64', FROM_MS)}) AND Timestamp < fromUnixTimestamp64Milli(${typed('Int64', NOW_MS)})`;
const LEVELS = UNSAFE_raw('0.499999999999, 0.899999999999, 0.949999999999, 0.989999999999, 0.998999999999');
const fromOtelTraces = (where: SqlFragment) =>
  sql`(SELECT * FROM (SELECT ${linkSpanColumnsSql(link)} FROM otel_traces WHERE ${where}) WHERE Step != '')`;
const TABLE = sql`(SELECT *, TraceHash FROM paylens_link_spans WHERE ${OWN_ROWS} AND ${RANGE})`;
const MINUTES = sql`(SELECT * FROM paylens_step_minutes
  WHERE ${OWN_ROWS} AND Minute >= toDateTime(${typed('Int64', FROM_MS / 1000)}) AND Minute < toDateTime(${typed('Int64', NOW_MS / 1000)}))`;
/** Nearest-rank from a bucket histogram, as the rollup is read (values 1.02^bucket ns). */
const histQuantiles =
  UNSAFE_raw(`arrayMap(r -> least(toUInt64(round(pow(1.02, h.1[arrayFirstIndex(c -> c >= r, arrayCumSum(h.2))]))), mx),
  arrayMap(l -> greatest(toUInt64(1), intDiv(l * n + 999, 1000)), [500, 900, 950, 990, 999]))`);
const rollupSteps = (group: string) => sql`
  SELECT *, ${histQuantiles} FROM (
    SELECT Step, ${UNSAFE_raw(group)}, sum(Count) AS n, sum(Errors), sum(Timeouts), max(MaxDuration) AS mx, sumMap([Bucket], [Count]) AS h
    FROM ${MINUTES} GROUP BY ${UNSAFE_raw(group === '0' ? 'Step' : `GROUPING SETS ((Step), (Step, ${group}))`)})`;
const rollupSeries = sql`
  SELECT *, ${histQuantiles} FROM (
    SELECT toStartOfInterval(Minute, INTERVAL 15 MINUTE) AS t, sum(Count) AS n, sum(Errors), sum(Timeouts), max(MaxDuration) AS mx,
      sumMap([Bucket], [Count]) AS h
    FROM ${MINUTES} WHERE Step = 'channel_pay' GROUP BY t ORDER BY t)`;
const rollupHotspots = sql`
  SELECT *, ${histQuantiles} FROM (
    SELECT Step, ServiceName, Peer, Channel, sum(Count) AS n, sum(Timeouts) AS t, max(MaxDuration) AS mx, sumMap([Bucket], [Count]) AS h
    FROM ${MINUTES} GROUP BY GROUPING SETS ((Step), (Step, ServiceName, Peer, Channel)))`;

const bareSteps = (source: SqlFragment) => sql`
  SELECT Step, count(), sum(Error), sum(Timeout), quantilesExact(${LEVELS})(Duration), max(Duration)
  FROM ${source} GROUP BY Step`;
const bareSeries = (source: SqlFragment) => sql`
  SELECT toStartOfInterval(Timestamp, INTERVAL 15 MINUTE) AS t, count(), sum(Error), sum(Timeout),
    quantilesExact(${LEVELS})(Duration)
  FROM ${source} WHERE Step = 'channel_pay' GROUP BY t ORDER BY t`;
const bareHotspots = (source: SqlFragment) => sql`
  SELECT Step, ServiceName, Peer, Channel, count() AS calls, sum(Timeout) AS timeouts,
    quantilesExact(${LEVELS})(Duration)
  FROM ${source} GROUP BY GROUPING SETS ((Step), (Step, ServiceName, Peer, Channel))`;
const sliceWhere = () => {
  const slices = edgeSlices({ from: FROM_MS, to: NOW_MS }).map(
    (s) =>
      sql`(Timestamp >= fromUnixTimestamp64Nano(${typed('Int64', s.fromNs.toString())}) AND Timestamp < fromUnixTimestamp64Nano(${typed('Int64', s.toNs.toString())}))`,
  );
  return slices.reduce((a, b) => sql`${a} OR ${b}`);
};
/** Calls between steps; `trace` names the trace (a stored hash where the source has one). */
const bareEdges = (source: (where: SqlFragment) => SqlFragment, trace: SqlFragment) => sql`
  SELECT p.Step, c.Step, count()
  FROM (SELECT ${trace} AS t, ParentHash, Step FROM ${source(sliceWhere())} WHERE ParentHash != 0) AS c
  INNER JOIN (SELECT ${trace} AS t, SpanHash, Step FROM ${source(sliceWhere())}) AS p
    ON c.t = p.t AND c.ParentHash = p.SpanHash
  GROUP BY ALL`;
const ids = link.steps.map((s) => s.id);
/** The journeys that started in the day, as paylens stores them: one row each. */
const JOURNEY_ROWS = (version: string) => sql`(SELECT * FROM paylens_journeys FINAL
  WHERE LinkVersion = ${version} AND Start >= fromUnixTimestamp64Milli(${typed('Int64', FROM_MS)})
    AND Start < fromUnixTimestamp64Milli(${typed('Int64', NOW_MS)}))`;
const perStep = (f: (k: number) => string) => UNSAFE_raw(`[${ids.map((_, k) => f(k)).join(', ')}]`);
const bareFunnel = (journeys: SqlFragment) => sql`
  SELECT count(),
    ${perStep((k) => `countIf(bitTest(Entered, ${k}))`)}, ${perStep((k) => `countIf(bitTest(Succeeded, ${k}))`)},
    ${perStep((k) => (k === 0 ? '0' : `countIf(bitTest(Succeeded, ${k - 1}) AND NOT bitTest(Entered, ${k}))`))},
    ${perStep((k) => `sum(Attempts[${k + 1}])`)}, ${perStep((k) => `countIf(Attempts[${k + 1}] > 1)`)},
    ${perStep((k) => (k === 0 ? '[0]' : `quantilesExactIf(${LEVELS.text})(greatest(FirstStart[${k + 1}] - FirstOkEnd[${k}], 0), bitTest(Succeeded, ${k - 1}) AND bitTest(Entered, ${k}))`))},
    quantilesExactIf(${LEVELS})(toUnixTimestamp64Nano(End) - toUnixTimestamp64Nano(Start), bitTest(Succeeded, ${ids.length - 1}))
  FROM ${journeys}`;
/** What the journeys are worth, per currency: all of them, the completed ones, and per step. */
const bareValues = (journeys: SqlFragment) => {
  const conditions = ['1', `bitTest(Succeeded, ${ids.length - 1})`];
  ids.forEach((_, k) => {
    conditions.push(
      `bitTest(Entered, ${k})`,
      `bitTest(Succeeded, ${k})`,
      `bitTest(Entered, ${k}) AND NOT bitTest(Succeeded, ${k})`,
    );
    if (k > 0) conditions.push(`bitTest(Succeeded, ${k - 1}) AND NOT bitTest(Entered, ${k})`);
  });
  const sums = conditions.map((c) => `sumIf(assumeNotNull(Value), ${c}), countIf(${c})`).join(', ');
  return sql`SELECT Currency, ${UNSAFE_raw(sums)} FROM ${journeys} WHERE isNotNull(Value) GROUP BY Currency`;
};
const bareErrors = (journeys: SqlFragment) => sql`
  SELECT f.1 AS idx, f.2 AS message, count() AS attempts FROM ${journeys} ARRAY JOIN Failures AS f
  GROUP BY idx, message ORDER BY attempts DESC, message LIMIT 5 BY idx`;
/**
 * The funnel's rollup read for the day (whole ten-minute slots, each slot's latest computation, in
 * the current slot format): counts, and with `valued` the exact value sums of the value rows.
 */
const bareFunnelSlots = (version: string, valued: boolean) => {
  const slots = sql`LinkVersion = ${slotsVersion(version)}`;
  return sql`
  SELECT Measure, Step, Key, sum(Count)${valued ? sql`, if(Measure = 'value', toString(sum(Amount)), '')` : sql``}
  FROM paylens_funnel_slots
  WHERE ${slots} AND Slot >= toDateTime(${typed('Int64', FROM_MS / 1000)}) AND Slot < toDateTime(${typed('Int64', NOW_MS / 1000)})
    AND Measure != 'computed'${valued ? sql`` : sql` AND Measure != 'value'`}
    AND (Slot, Computed) IN (SELECT Slot, max(Computed) FROM paylens_funnel_slots
      WHERE ${slots} AND Measure = 'computed' GROUP BY Slot)
  GROUP BY Measure, Step, Key`;
};
const CHANNEL_PAY = ids.indexOf('channel_pay');
const bareStuck = (journeys: SqlFragment) => sql`
  SELECT Journey, Traces, LastStep, LastSpanAt, FirstOkEnd[${CHANNEL_PAY + 1}] AS since, Dims, count() OVER ()
  FROM ${journeys}
  WHERE bitTest(Succeeded, ${CHANNEL_PAY}) AND NOT bitTest(Entered, ${CHANNEL_PAY + 1})
    AND since <= ${typed('Int64', ((BigInt(NOW_MS) - 600_000n) * 1_000_000n).toString())}
  ORDER BY since, Journey LIMIT 100`;

mkdirSync(dataDir, { recursive: true });
const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
await migrate(driver, { journeyKey: journeyKeyOf(links) });
const ctx = analyticsContext({ driver, link, links });
// The view exists before the first span (as in a fresh install), classifying for every link.
for (const each of links.links) await analyticsContext({ driver, link, links }, each).coverage();
console.log(`links: ${links.links.map((l) => l.name).join(', ')} (figures of ${link.name})`);
await generate(driver);
// The journey store: built once over the generated day (a first build; afterwards the builder
// follows arrivals as they come). Reported, not a target.
const buildStarted = performance.now();
await ctx.journeys.catchUp(Number.POSITIVE_INFINITY);
const built = performance.now() - buildStarted;
const [{ journeysStored } = { journeysStored: 0 }] = await driver.query<{ journeysStored: number }>(
  sql`SELECT count() AS journeysStored FROM ${JOURNEY_ROWS(ctx.journeys.version)}`,
);
console.log(`journey store: ${journeysStored} journeys, caught up in ${(built / 1000).toFixed(1)} s`);

const range = { from: FROM_MS, to: NOW_MS };
/** The same journey model read span by span (the path a read takes when the store cannot answer). */
function spanBySpan(context: typeof ctx): typeof ctx.journeys {
  const store = context.journeys;
  return Object.assign(Object.create(store) as typeof store, {
    journeysIn: (r: Parameters<typeof store.journeysIn>[0]) => store.journeysIn(r, { spanBySpan: true }),
    journeysSource: (r: Parameters<typeof store.journeysIn>[0]) =>
      store.journeysSource(r, { spanBySpan: true }),
    funnelSlots: async () => undefined,
  });
}
/** The journey store without its funnel rollup: the funnel counts stored journeys exactly. */
function withoutRollup(context: typeof ctx): typeof ctx.journeys {
  const store = context.journeys;
  return Object.assign(Object.create(store) as typeof store, {
    funnelSlots: async () => undefined,
    journeysIn: (r: Parameters<typeof store.journeysIn>[0]) => store.journeysIn(r),
    journeysSource: (r: Parameters<typeof store.journeysIn>[0]) => store.journeysSource(r),
  });
}
const rows: Record<string, Record<string, string>>[] = [];
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
async function measure(
  name: string,
  target: number,
  service: () => Promise<unknown>,
  bare: () => Promise<unknown>,
  fromTraces: (() => Promise<unknown>) | undefined,
) {
  const [paylens, engine] = (await medians([service, bare], RUNS)) as [number, number];
  const traces = fromTraces ? await once(fromTraces) : undefined;
  rows.push({
    [name]: {
      'paylens p50 ms': fmt(paylens),
      'bare SQL p50 ms': fmt(engine),
      ratio: (paylens / engine).toFixed(2),
      target: `< ${target} ms`,
      met: paylens < target && paylens / engine < 1.3 ? 'yes' : 'NO',
      'bare SQL on otel_traces ms': traces === undefined ? '—' : fmt(traces),
    },
  });
  console.log(`${name}: paylens ${fmt(paylens)} ms, bare ${fmt(engine)} ms`);
}

const withTraces = process.env.BENCH_SKIP_RAW !== '1';
await measure(
  '/steps 24h',
  300,
  () => stepStats(ctx, { range }),
  () => driver.query(rollupSteps('0')),
  withTraces ? () => driver.query(bareSteps(fromOtelTraces(RANGE))) : undefined,
);
await measure(
  '/steps 24h groupBy channel',
  300,
  () => stepStats(ctx, { range, groupBy: ['payment.channel'] }),
  () => driver.query(rollupSteps('Channel')),
  undefined,
);
await measure(
  '/steps 2h (exact, link spans)',
  300,
  () => stepStats(ctx, { range: { from: NOW_MS - 7_200_000, to: NOW_MS } }),
  () =>
    driver.query(
      bareSteps(
        sql`(SELECT * FROM paylens_link_spans WHERE ${OWN_ROWS} AND Timestamp >= fromUnixTimestamp64Milli(${typed('Int64', NOW_MS - 7_200_000)}) AND Timestamp < fromUnixTimestamp64Milli(${typed('Int64', NOW_MS)}))`,
      ),
    ),
  undefined,
);
await measure(
  '/steps 24h exact (no rollup)',
  1000,
  () => stepStats({ ...ctx, coverage: async () => ({ version: 'bench', coveredFromNs: 0n }) }, { range }),
  () => driver.query(bareSteps(TABLE)),
  undefined,
);
await measure(
  '/steps/series 24h, 15 min',
  300,
  () => stepSeries(ctx, { step: 'channel_pay', range, bucketMs: 900_000 }),
  () => driver.query(rollupSeries),
  withTraces ? () => driver.query(bareSeries(fromOtelTraces(RANGE))) : undefined,
);
await measure(
  '/timeouts 24h',
  300,
  () => timeoutAnalysis(ctx, { range }),
  () =>
    Promise.all([
      driver.query(rollupHotspots),
      driver.query(
        bareEdges(
          (where) => sql`(SELECT *, TraceHash FROM paylens_link_spans WHERE ${OWN_ROWS} AND (${where}))`,
          sql`TraceHash`,
        ),
      ),
    ]),
  withTraces
    ? () =>
        Promise.all([
          driver.query(bareHotspots(fromOtelTraces(RANGE))),
          driver.query(bareEdges(fromOtelTraces, sql`TraceId`)),
        ])
    : undefined,
);
const journeyRows = JOURNEY_ROWS(ctx.journeys.version);
await measure(
  `/funnel 24h with the link's value (${Number(journeysStored).toLocaleString('en-US')} journeys)`,
  300,
  () => funnel(ctx, { range }),
  () => driver.query(bareFunnelSlots(ctx.journeys.version, true)),
  withTraces && process.env.BENCH_SPAN_JOURNEYS === '1'
    ? () => funnel({ ...ctx, journeys: spanBySpan(ctx) }, { range })
    : undefined,
);
await measure(
  '/funnel 24h, its counts alone (the link without value:)',
  300,
  () => funnel({ ...ctx, link: { ...ctx.link, value: undefined } }, { range }),
  () => driver.query(bareFunnelSlots(ctx.journeys.version, false)),
  undefined,
);
await measure(
  "/funnel 24h exact (journey rows, no rollup; the link's value)",
  1000,
  () => funnel({ ...ctx, journeys: withoutRollup(ctx) }, { range }),
  () =>
    Promise.all([
      driver.query(bareFunnel(journeyRows)),
      driver.query(bareErrors(journeyRows)),
      driver.query(bareValues(journeyRows)),
    ]),
  undefined,
);
await measure(
  '/stuck after channel_pay, 24h',
  300,
  () => stuckJourneys(ctx, { after: 'channel_pay', graceMs: 600_000, range }),
  () => driver.query(bareStuck(journeyRows)),
  withTraces
    ? () =>
        stuckJourneys(
          { ...ctx, journeys: spanBySpan(ctx) },
          { after: 'channel_pay', graceMs: 600_000, range },
        )
    : undefined,
);

console.table(Object.assign({}, ...rows));
console.log(
  `${SPANS.toLocaleString('en-US')} spans requested over 24 h, ${SLOTS.length} span slots per journey; ` +
    `p50 of ${RUNS} runs after a warm-up; paylens = the service function (SQL building, the query, ` +
    'JSON decoding, post-processing); bare SQL = hand-written SQL for the same aggregate over the table paylens ' +
    'reads (24 h: the per-minute rollup for steps, series and hotspots; link spans for the rest); ' +
    'otel_traces column = the same aggregate classifying raw spans on the fly (for /funnel and /stuck: the same ' +
    'journeys assembled span by span from the link spans, what the journey store saves).',
);
await driver.close();
