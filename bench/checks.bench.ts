// Consistency checks (issue #14): all checks of the demo link over a day of >= 1M journeys, the
// service (GET /checks) beside hand-written SQL counting the same verdicts from the journey store,
// in the same run; for reference the same judgments by hand over each journey's spans, and the
// span-by-span path (journeys resolved in SQL, no store) once. Spans: the analytics dataset
// (test/fixtures/dataset-sql.ts) and TCC spans in each journey's callback trace: a Confirm (five
// attempts in 1 % of journeys), a Cancel after it in 1 %, a Cancel before the Try in 1 %, and a
// second successful channel call in 1 %. BENCH_CHECK_JOURNEYS=20000 for a quick run.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseDriver, migrate, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { checkSummaries, checkViolations } from '../server/src/checks/checks-service.ts';
import { linkChecks } from '../server/src/link/definition.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { datasetInsertSql } from '../test/fixtures/dataset-sql.ts';
import { medians } from './support/medians.ts';

const JOURNEYS = Number(process.env.BENCH_CHECK_JOURNEYS ?? 1_050_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHUNK = 250_000;
const SEED = 42;
const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 24);
const FROM_MS = NOW_MS - DAY_MS;
const TARGET_MS = 500;

const dataDir = join(fileURLToPath(new URL('.', import.meta.url)), 'out', `checks-v1-${JOURNEYS}`);
const link = loadLinkFile(DEFAULT_LINK_FILE);
const nsOf = (ms: number) => typed('Int64', (BigInt(ms) * 1_000_000n).toString());

/** TCC spans (and the odd double charge) per journey, in its traces as dataset-sql.ts names them. */
function tccInsertSql(first: number, journeys: number) {
  const seed = typed('UInt64', SEED);
  const spacingNs = typed('Int64', Math.round((DAY_MS / JOURNEYS) * 1_000_000));
  return sql`
INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
  ResourceAttributes, ScopeName, SpanAttributes, Duration, StatusCode, StatusMessage)
SELECT fromUnixTimestamp64Nano(toInt64(start_ns)), if(in_a, trace_a, trace_b), lower(hex(cityHash64(${seed}, j, k, 'tcc'))), '',
  name, if(name LIKE 'inventory.%', 'Server', 'Client'), if(name LIKE 'inventory.%', 'inventory-svc', 'payment-svc'),
  map('service.name', if(name LIKE 'inventory.%', 'inventory-svc', 'payment-svc')), 'paylens-bench',
  if(name LIKE 'inventory.%', map(), map('payment.channel', 'alipay')), toUInt64(4000000), if(failed, 'Error', 'Ok'),
  if(failed, 'reservation locked', '')
FROM (
  SELECT number AS k0, intDiv(number, 8) + ${first} AS j, number % 8 AS k, cityHash64(${seed}, j) AS h,
    cityHash64(${seed}, j, 'tcc') % 100 AS anomaly,
    lower(concat(hex(cityHash64(${seed}, j, 'a')), hex(cityHash64(${seed}, j, 'b')))) AS trace_a,
    lower(concat(hex(cityHash64(${seed}, j, 'c')), hex(cityHash64(${seed}, j, 'd')))) AS trace_b,
    ${nsOf(FROM_MS)} + j * ${spacingNs} + bitShiftRight(h, 24) % 1000000 AS journey_start_ns,
    (2000 + bitShiftRight(h, 32) % 28000) * 1000000 AS callback_delay_ns,
    multiIf(k < 5, 'inventory.confirm', k = 5, 'inventory.cancel', k = 6, 'inventory.cancel', 'payment.charge') AS name,
    k IN (6, 7) AS in_a,
    k < 4 AND anomaly = 0 AS failed,
    multiIf(k < 5, journey_start_ns + callback_delay_ns + 400000000 + k * 30000000,
      k = 5, journey_start_ns + callback_delay_ns + 900000000,
      k = 6, journey_start_ns - 1000000, journey_start_ns + 700000000) AS start_ns
  FROM numbers(${typed('UInt64', journeys * 8)})
  WHERE multiIf(k = 0, 1, k < 5, anomaly = 0, k = 5, anomaly = 1, k = 6, anomaly = 2, anomaly = 3)
)`;
}

async function generate(driver: ClickHouseDriver): Promise<void> {
  const marker = join(dataDir, 'generated.json');
  if (existsSync(marker)) {
    console.log(`reusing ${dataDir}: ${readFileSync(marker, 'utf8')}`);
    return;
  }
  const started = performance.now();
  for (let first = 0; first < JOURNEYS; first += CHUNK) {
    const journeys = Math.min(CHUNK, JOURNEYS - first);
    const spacingMs = DAY_MS / JOURNEYS;
    await driver.command(
      datasetInsertSql({ journeys, firstJourney: first, fromMs: FROM_MS, spacingMs, seed: SEED }),
    );
    await driver.command(tccInsertSql(first, journeys));
  }
  const [counts] = await driver.query<{ spans: number; linkSpans: number }>(sql`
    SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM paylens_link_spans) AS linkSpans`);
  const summary = JSON.stringify({
    journeys: JOURNEYS,
    ...counts,
    seconds: Math.round((performance.now() - started) / 1000),
  });
  writeFileSync(marker, summary);
  console.log(`generated ${summary}`);
}

mkdirSync(dataDir, { recursive: true });
const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
await migrate(driver, { journeyKey: link.journeyKey });
const ctx = analyticsContext({ driver, link });
await ctx.coverage();
await generate(driver);
const buildStarted = performance.now();
await ctx.journeys.catchUp(Number.POSITIVE_INFINITY);
console.log(`journey store caught up in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);

const range = { from: FROM_MS, to: NOW_MS };
const steps = [
  'channel_pay',
  'payment_callback',
  'order_update',
  'inventory_try',
  'inventory_confirm',
  'inventory_cancel',
];
const W = 60_000_000_000n;
const stepIndex = (id: string) => sql`${UNSAFE_raw(String(link.steps.findIndex((step) => step.id === id)))}`;
const stepName = (id: string) => sql`${id}`;
/** The five judgments written by hand over `s` (a journey's spans sorted by start), steps named by `st`. */
const judgments = (st: (id: string) => SqlFragment, journeys: SqlFragment) => sql`
  SELECT
    countIf(arrayCount(x -> x.1 = ${st('channel_pay')} AND x.4, s) >= 2) AS double_charge,
    countIf(arrayExists(x -> x.1 = ${st('inventory_cancel')} AND x.2 > arrayMin(arrayMap(y -> y.3, arrayFilter(y -> y.1 = ${st('inventory_confirm')} AND y.4, s))), s)
      AND arrayExists(y -> y.1 = ${st('inventory_confirm')} AND y.4, s)) AS cancel_after_confirm,
    countIf(arrayExists(x -> x.1 = ${st('inventory_cancel')}, s) AND (arrayFirstIndex(x -> x.1 = ${st('inventory_try')}, s) = 0
      OR arrayFirst(x -> x.1 = ${st('inventory_try')}, s).2 > arrayFirst(x -> x.1 = ${st('inventory_cancel')}, s).2)) AS empty_rollback,
    countIf(arrayCount(x -> x.1 = ${st('inventory_confirm')}, s) > 3) AS confirm_storm,
    countIf(arrayExists(x -> x.1 = ${st('payment_callback')} AND x.4 AND x.3 + ${W} <= ${nsOf(NOW_MS)}
      AND NOT arrayExists(y -> y.1 = ${st('order_update')} AND y.4 AND y.2 >= x.2 AND y.2 <= x.3 + ${W}, s), s)) AS paid_not_updated
  FROM ${journeys}`;
/** By hand over the stored journeys: their check spans in the range (what paylens reads). */
const bareStored = judgments(
  stepIndex,
  sql`(SELECT arrayFilter(x -> x.2 >= ${nsOf(FROM_MS)} AND x.2 < ${nsOf(NOW_MS)}, CheckSpans) AS s
    FROM paylens_journeys FINAL
    WHERE LinkVersion = ${ctx.journeys.version} AND Start < fromUnixTimestamp64Nano(${nsOf(NOW_MS)})
      AND End >= fromUnixTimestamp64Nano(${nsOf(FROM_MS)}))`,
);
/** By hand from the stored verdicts (every journey counted as if all its check spans were in the day). */
const bareVerdicts = sql`
  SELECT ${UNSAFE_raw(
    linkChecks(link)
      .map(
        (_, ci) =>
          `countIf(bitTest(CheckJudged, ${ci})), countIf(arrayExists(v -> v.1 = ${ci}, CheckViolations))`,
      )
      .join(', '),
  )}
  FROM paylens_journeys FINAL
  WHERE LinkVersion = ${ctx.journeys.version} AND Start < fromUnixTimestamp64Nano(${nsOf(NOW_MS)})
    AND End >= fromUnixTimestamp64Nano(${nsOf(FROM_MS)}) AND CheckFrom != 0`;
/** By hand over the link spans of the range, grouped by journey on the fly (the store's trace map). */
const bareSpans = judgments(
  stepName,
  sql`(
    SELECT journey, arraySort(x -> x.2, groupUniqArray((Step, startNs, endNs, ok, SpanHash))) AS s
    FROM (
      SELECT if(l.SpanKey != '', l.SpanKey, if(tj.Journey != '', tj.Journey, l.TraceId)) AS journey, toString(Step) AS Step, SpanHash,
        toInt64(toUnixTimestamp64Nano(Timestamp)) AS startNs, startNs + toInt64(Duration) AS endNs, NOT (Error OR Timeout) AS ok
      FROM (SELECT TraceId, SpanKey, Step, Timestamp, Duration, Error, Timeout, SpanHash FROM paylens_link_spans
        WHERE Step IN ${steps} AND Timestamp >= fromUnixTimestamp64Nano(${nsOf(FROM_MS)}) AND Timestamp < fromUnixTimestamp64Nano(${nsOf(NOW_MS)})) AS l
      LEFT JOIN (SELECT TraceId, Journey FROM paylens_trace_journeys FINAL WHERE LinkVersion = ${ctx.journeys.version}) AS tj
        ON tj.TraceId = l.TraceId
    )
    GROUP BY journey
  )`,
);

const doubleCharge = linkChecks(link).find((check) => check.kind === 'atMostOnce')!;
const [paylensMs, bareMs, violationsMs, bareCheckSpansMs, bareSpansMs] = (await medians(
  [
    () => checkSummaries(ctx, { range, nowMs: NOW_MS }),
    () => driver.query(bareVerdicts),
    () => checkViolations(ctx, { range, nowMs: NOW_MS, check: doubleCharge, limit: 100 }),
    () => driver.query(bareStored),
    () => driver.query(bareSpans),
  ],
  RUNS,
)) as [number, number, number, number, number];
const started = performance.now();
const bySpans = await checkSummaries(ctx, { range, nowMs: NOW_MS, spanBySpan: true });
const fromStore = await checkSummaries(ctx, { range, nowMs: NOW_MS });
/** What a check answers, trend and samples included: the store's two reads must equal span by span. */
const answers = (summaries: typeof bySpans) => JSON.stringify(summaries.checks);
const spanBySpanMs = performance.now() - started;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
console.table({
  'GET /checks 24h (5 checks)': {
    'paylens p50 ms': fmt(paylensMs),
    'bare SQL p50 ms': fmt(bareMs),
    ratio: (paylensMs / bareMs).toFixed(2),
    target: `< ${TARGET_MS} ms`,
    met: paylensMs < TARGET_MS ? 'yes' : 'NO',
  },
  [`GET /checks/${doubleCharge.id}/violations 24h (100)`]: {
    'paylens p50 ms': fmt(violationsMs),
    'bare SQL p50 ms': '',
    ratio: '',
    target: '',
    met: '',
  },
});
console.log(
  `bare SQL = counts from the stored verdicts in one read. For reference, the same judgments by hand over every journey's check spans ${fmt(bareCheckSpansMs)} ms, and grouping the day's link spans by journey ${fmt(bareSpansMs)} ms; paylens span by span (no store) ${fmt(spanBySpanMs)} ms`,
);
console.log(
  bySpans.checks.map((c) => `${c.id}: ${c.violations} of ${c.journeys} journeys`).join('; '),
  `\n(the store's answer, samples and trend included, equals span by span: ${answers(fromStore) === answers(bySpans) ? 'yes' : 'NO'})`,
  `\n(bare SQL counts: ${JSON.stringify((await driver.query(bareStored))[0])})`,
);
await driver.close();
