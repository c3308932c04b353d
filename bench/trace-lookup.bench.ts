// Trace-by-id and journey lookups through paylens' services over >= 5M spans, beside the bare SQL
// the engine needs for the same answer, in the same run. Spans are generated straight into chDB
// (INSERT … SELECT FROM numbers()); the data dir under bench/out/ is reused when already filled.
// BENCH_SPANS=500000 for a quicker run.

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseDriver, openStore, sql, typed } from '@paylens/store';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { getJourneyView } from '../server/src/traces/journey-view-service.ts';
import { readStepLadders } from '../server/src/traces/step-ladders.ts';
import { searchTraces } from '../server/src/traces/trace-search-service.ts';
import { getTraceView } from '../server/src/traces/trace-view-service.ts';
import { waterfallDeps } from '../server/src/traces/waterfall-deps.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 5_000_000);
const SPANS_PER_TRACE = 10;
const TRACES = Math.floor(SPANS / SPANS_PER_TRACE);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 200);
const CHUNK = 1_000_000;
const DAY_NS = 86_400_000_000_000n;
const NOW_MS = Date.UTC(2025, 0, 2, 0, 0, 0);
const START_NS = BigInt(NOW_MS) * 1_000_000n - DAY_NS;

const dataDir = join(fileURLToPath(new URL('.', import.meta.url)), 'out', `trace-lookup-${SPANS}`);
const link = loadLinkFile(DEFAULT_LINK_FILE);

/** Trace k's id, as the generator computes it in SQL: hex(MD5(toString(k))). */
const traceIdOf = (k: number) => createHash('md5').update(String(k)).digest('hex');

async function generate(driver: ClickHouseDriver): Promise<void> {
  const [existing] = await driver.query<{ n: number }>(sql`SELECT count() AS n FROM otel_traces`);
  if (Number(existing?.n) === TRACES * SPANS_PER_TRACE) return;
  if (Number(existing?.n) > 0) throw new Error(`${dataDir} holds a different data set; delete it`);
  const stepNs = (DAY_NS / BigInt(TRACES)).toString();
  const started = performance.now();
  for (let offset = 0; offset < TRACES * SPANS_PER_TRACE; offset += CHUNK) {
    const count = Math.min(CHUNK, TRACES * SPANS_PER_TRACE - offset);
    // Span j of trace k = number k·10 + j: a checkout with order, risk, inventory, payment (channel
    // call and a query under it), callback (and the order update under it) and a notification.
    await driver.command(sql`
      INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
        ResourceAttributes, SpanAttributes, Duration, StatusCode, StatusMessage)
      SELECT
        fromUnixTimestamp64Nano(${typed('Int64', START_NS.toString())} + k * ${typed('Int64', stepNs)} + j * 5000000) AS ts,
        lower(hex(MD5(toString(k)))) AS trace,
        leftPad(lower(hex(number + 1)), 16, '0'),
        multiIf(j = 0, '', j IN (5, 6), leftPad(lower(hex(number - j + 5)), 16, '0'),
                j = 8, leftPad(lower(hex(number)), 16, '0'), leftPad(lower(hex(number - j + 1)), 16, '0')),
        arrayElement(['POST /checkout', 'POST /orders', 'risk.score', 'inventory.try', 'POST /payments',
          concat(channel, '.pay'), 'db.query', concat('POST /callbacks/', channel), 'order.mark_paid', 'notify.sms'], j + 1),
        if(j = 5, 'Client', 'Server'),
        arrayElement(['checkout-svc', 'order-svc', 'risk-svc', 'inventory-svc', 'payment-svc', 'payment-svc',
          'payment-svc', 'payment-svc', 'order-svc', 'notification-svc'], j + 1),
        map('deployment.environment.name', 'bench'),
        multiIf(j = 0, map('payment.order_id', concat('ord-', toString(intDiv(k, 2)))),
                j = 5, map('payment.channel', channel), map()),
        1000000 + cityHash64(number) % 200000000,
        if(j = 5 AND cityHash64(number, 1) % 100 = 0, 'Error', 'Unset'),
        ''
      FROM (
        SELECT number, intDiv(number, 10) AS k, number % 10 AS j,
          arrayElement(['alipay', 'wechat', 'card'], intDiv(number, 10) % 3 + 1) AS channel
        FROM numbers(${offset}, ${count})
      )`);
  }
  console.log(
    `generated ${TRACES * SPANS_PER_TRACE} spans in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

async function time<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
}

async function bareTraceLookup(driver: ClickHouseDriver, traceId: string): Promise<number> {
  const [range] = await driver.query<{ start: string; end: string }>(sql`
    SELECT toString(min(Start)) AS start, toString(max(End)) AS end
    FROM paylens_trace_summary WHERE TraceId = ${traceId} GROUP BY TraceId`);
  const rows = await driver.query(sql`
    SELECT * FROM otel_traces
    WHERE Timestamp BETWEEN ${typed('DateTime64(9)', range?.start ?? '')} AND ${typed('DateTime64(9)', range?.end ?? '')}
      AND TraceId = ${traceId}`);
  return rows.length;
}

async function bareJourneyLookup(driver: ClickHouseDriver, key: string): Promise<number> {
  const traces = await driver.query<{ id: string; start: string; end: string }>(sql`
    SELECT TraceId AS id, toString(min(Start)) AS start, toString(max(End)) AS end
    FROM paylens_trace_summary
    WHERE TraceId IN (SELECT TraceId FROM paylens_journey_index WHERE JourneyKey = ${key})
    GROUP BY TraceId`);
  const starts = traces.map((t) => t.start).sort();
  const ends = traces.map((t) => t.end).sort();
  const rows = await driver.query(sql`
    SELECT * FROM otel_traces
    WHERE Timestamp BETWEEN ${typed('DateTime64(9)', starts[0] ?? '')} AND ${typed('DateTime64(9)', ends.at(-1) ?? '')}
      AND TraceId IN ${traces.map((t) => t.id)}`);
  return rows.length;
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const driver = await openStore({ kind: 'embedded', dataDir }, { journeyKey: link.journeyKey });
  try {
    await generate(driver);
    await driver.command(sql`OPTIMIZE TABLE paylens_trace_summary FINAL`);
    const { journeys } = analyticsContext({ driver, link });
    const [journeyBuildMs] = await time(() => journeys.catchUp(Number.POSITIVE_INFINITY));
    const [ladderColdMs] = await time(() => readStepLadders(driver, link, NOW_MS));
    const deps = waterfallDeps(
      driver,
      link,
      () => NOW_MS,
      (error) => console.error(error),
    );
    const page = { offset: 0, limit: 20_000 };
    const sampleK = Array.from({ length: LOOKUPS }, (_, i) =>
      Math.floor(((i * 7919) % LOOKUPS) * (TRACES / LOOKUPS)),
    );
    await getTraceView(deps, traceIdOf(sampleK[0] ?? 0), page); // primes the percentile cache
    const service: number[] = [];
    const bare: number[] = [];
    const bareIdOnly: number[] = [];
    for (const k of sampleK) {
      const id = traceIdOf(k);
      const [serviceMs, view] = await time(() => getTraceView(deps, id, page));
      const [bareMs, rows] = await time(() => bareTraceLookup(driver, id));
      const [idOnlyMs] = await time(() => driver.query(sql`SELECT * FROM otel_traces WHERE TraceId = ${id}`));
      if (view.spans.length !== SPANS_PER_TRACE || rows !== SPANS_PER_TRACE)
        throw new Error(`trace ${id} incomplete`);
      service.push(serviceMs);
      bare.push(bareMs);
      bareIdOnly.push(idOnlyMs);
    }
    const journeyService: number[] = [];
    const journeyBare: number[] = [];
    for (const k of sampleK.slice(0, 100)) {
      const key = `ord-${Math.floor(k / 2)}`;
      const [serviceMs, view] = await time(async () =>
        getJourneyView(deps, link.journeyKey, key, await journeys.tracesOf(key), page),
      );
      const [bareMs, rows] = await time(() => bareJourneyLookup(driver, key));
      if (view.spans.length !== 2 * SPANS_PER_TRACE || rows !== 2 * SPANS_PER_TRACE)
        throw new Error(`journey ${key}`);
      journeyService.push(serviceMs);
      journeyBare.push(bareMs);
    }
    const searches: number[] = [];
    for (let i = 0; i < 20; i++) {
      const to = NOW_MS - i * 3_600_000;
      searches.push(
        (await time(() => searchTraces(driver, link, { from: to - 3_600_000, to, limit: 50 })))[0],
      );
    }
    const fmt = (ms: number) => ms.toFixed(1).padStart(10);
    const row = (name: string, paylens: number[], raw: number[] | undefined, q: number) => {
      const ours = percentile(paylens, q);
      const theirs = raw ? percentile(raw, q) : Number.NaN;
      const ratio = raw ? `${(ours / theirs).toFixed(2)}×` : '';
      console.log(`${name.padEnd(34)}${fmt(ours)}${raw ? fmt(theirs) : ''.padStart(10)}  ${ratio}`);
    };
    console.log(
      `\n${TRACES * SPANS_PER_TRACE} spans, ${TRACES} traces of ${SPANS_PER_TRACE}, ${LOOKUPS} lookups`,
    );
    console.log(`${'ms'.padEnd(34)}${'paylens'.padStart(10)}${'bare SQL'.padStart(10)}  ratio`);
    row('trace by id p50', service, bare, 0.5);
    row('trace by id p99', service, bare, 0.99);
    row('bare SQL by TraceId alone p50', bareIdOnly, undefined, 0.5);
    row('journey (2 traces) p50', journeyService, journeyBare, 0.5);
    row('journey (2 traces) p99', journeyService, journeyBare, 0.99);
    row('trace search, 1 h, limit 50 p50', searches, undefined, 0.5);
    console.log(`${'step percentiles, 24 h (cold)'.padEnd(34)}${fmt(ladderColdMs)}   (cached 60 s)`);
    console.log(`${'journeys built (first use, 500k traces)'.padEnd(34)}${fmt(journeyBuildMs)}`);
  } finally {
    await driver.close();
  }
}

await main();
