import type { ClickHouseDriver, SpanRow } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spanRow } from '../../../test/fixtures/span-rows.ts';
import { createClickHouseMetricSource, queryJourneyRows } from '../../src/alerts/clickhouse-metric-source.ts';
import type { JourneyPlan } from '../../src/alerts/metric-plan.ts';
import type {
  MetricGroup,
  MetricRequest,
  MetricSource,
  SampleRequest,
} from '../../src/alerts/metric-source.ts';
import type { JourneyRow } from '../../src/alerts/metric-sql.ts';
import type { AlertMetric } from '../../src/alerts/rule-types.ts';
import { analyticsContext } from '../../src/analytics/context.ts';
import { funnel } from '../../src/analytics/funnel-service.ts';
import { stepStats } from '../../src/analytics/steps-service.ts';
import { JourneyStore } from '../../src/journeys/journey-store.ts';
import { type AlertHarness, channelPaySpan, startAlertHarness } from './alert-harness.ts';

// Alert metrics from ClickHouse against values computed here from the generated spans: nearest-rank
// quantiles, error and timeout rates (status Error; error.type timeout or a duration at the step's
// 3000 ms budget), counts, and conversion (journeys that succeeded at the step ÷ journeys that
// entered the first step), per window, filter and group; one query per batch of rules.

const AT = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const CHANNELS = ['paypal', 'alipay', 'wechat'];

interface Pay {
  journey: string;
  traceId: string;
  channel: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  timeout: boolean;
}

const pays: Pay[] = [];
const orders: { journey: string; startMs: number }[] = [];
let harness: AlertHarness;
let source: MetricSource;
let queries = 0;

beforeAll(async () => {
  harness = await startAlertHarness(AT);
  const rows: SpanRow[] = [];
  for (let j = 0; j < 300; j++) {
    const journey = `ord-${j}`;
    const startMs = AT - 20 * MINUTE + j * 4000;
    orders.push({ journey, startMs });
    const traceId = j.toString(16).padStart(32, '0');
    rows.push(
      spanRow({
        TraceId: traceId,
        SpanId: `a${j.toString(16).padStart(15, '0')}`,
        Timestamp: `${BigInt(startMs) * 1_000_000n}`,
        ServiceName: 'order-svc',
        SpanName: 'POST /orders',
        SpanKind: 'Server',
        // Some journeys carry no key at all: the trace is the journey.
        SpanAttributes: j % 17 === 5 ? {} : { 'payment.order_id': journey },
        Duration: '50000000',
        StatusCode: 'Ok',
      }),
    );
    if (j % 5 === 4) continue; // a fifth never reach the channel
    const explicitTimeout = j % 13 === 0;
    // Some pay spans lack the key (their trace has it), some sit in a trace of their own carrying it.
    const ownTrace = j % 19 === 2 && j % 7 !== 3 && j % 17 !== 5;
    const payTrace = ownTrace ? `f${traceId.slice(1)}` : traceId;
    const pay: Pay = {
      journey,
      traceId: payTrace,
      channel: CHANNELS[j % 3]!,
      startMs: startMs + 100,
      durationMs: 100 + ((j * 37) % 3500),
      error: j % 11 === 0 || explicitTimeout,
      timeout: false,
    };
    pay.timeout = explicitTimeout || pay.durationMs >= 3000;
    pays.push(pay);
    const row = channelPaySpan({
      traceId: payTrace,
      channel: pay.channel,
      startMs: pay.startMs,
      durationMs: pay.durationMs,
      error: explicitTimeout ? 'timeout' : pay.error ? 'error' : undefined,
    });
    if (j % 7 === 3 || j % 17 === 5) delete row.SpanAttributes['payment.order_id'];
    else row.SpanAttributes['payment.order_id'] = journey;
    rows.push(row);
  }
  await harness.insertSpans(rows);
  const real = analyticsContext(harness.deps);
  const driver = harness.driver;
  const counting: ClickHouseDriver = {
    kind: driver.kind,
    query: (query, settings) => {
      queries++;
      return driver.query(query, settings);
    },
    command: (query, settings) => driver.command(query, settings),
    insert: (request) => driver.insert(request),
    ping: () => driver.ping(),
    close: () => driver.close(),
  };
  source = createClickHouseMetricSource({
    driver: counting,
    link: harness.deps.link,
    coverage: () => real.coverage(),
    // The builder's catch-up is not counted: its work follows arrivals, not rules.
    journeys: new JourneyStore({
      driver: harness.driver,
      link: harness.deps.link,
      coverage: () => real.coverage(),
    }),
  });
});
afterAll(async () => {
  await harness?.close();
});

const LEVELS: Record<string, number> = { p50: 500, p90: 900, p95: 950, p99: 990, p999: 999 };

/** Nearest rank in integer arithmetic: the ⌈q·n⌉-th smallest. */
function nearestRank(sorted: number[], metric: string): number {
  const rank = Math.ceil((LEVELS[metric]! * sorted.length) / 1000);
  return sorted[Math.max(1, rank) - 1]!;
}

function expected(request: MetricRequest): MetricGroup[] {
  const inWindow = (ms: number) => ms >= AT - request.windowMs && ms < AT;
  const filter = request.filters['payment.channel'];
  const key = (channel: string) => (request.groupBy.length > 0 ? channel : '');
  const groups = new Map<
    string,
    { dimensions: Record<string, string>; count: number; value: number | null }
  >();
  if (request.metric === 'conversion') {
    const started = new Map<string, string>();
    for (const order of orders) if (inWindow(order.startMs)) started.set(order.journey, '');
    const channelOf = new Map(pays.filter((p) => inWindow(p.startMs)).map((p) => [p.journey, p.channel]));
    const succeeded = new Set(
      pays.filter((p) => inWindow(p.startMs) && !p.error && !p.timeout).map((p) => p.journey),
    );
    const journeys = new Set([...started.keys(), ...channelOf.keys()]);
    const tally = new Map<string, { started: number; succeeded: number; channel: string }>();
    for (const journey of journeys) {
      const channel = channelOf.get(journey) ?? '';
      if (filter !== undefined && channel !== filter) continue;
      const t = tally.get(key(channel)) ?? { started: 0, succeeded: 0, channel };
      if (started.has(journey)) t.started++;
      if (succeeded.has(journey)) t.succeeded++;
      tally.set(key(channel), t);
    }
    for (const [k, t] of tally)
      if (t.started > 0)
        groups.set(k, {
          dimensions: request.groupBy.length > 0 ? { 'payment.channel': t.channel } : {},
          count: t.started,
          value: t.succeeded / t.started,
        });
    return [...groups.values()];
  }
  if (request.step !== 'channel_pay') return [];
  const selected = pays.filter((p) => inWindow(p.startMs) && (filter === undefined || p.channel === filter));
  const byGroup = new Map<string, Pay[]>();
  for (const p of selected) byGroup.set(key(p.channel), [...(byGroup.get(key(p.channel)) ?? []), p]);
  for (const [k, list] of byGroup) {
    const metric = request.metric as AlertMetric;
    let value: number;
    if (metric === 'count') value = list.length;
    else if (metric === 'error_rate') value = list.filter((p) => p.error).length / list.length;
    else if (metric === 'timeout_rate') value = list.filter((p) => p.timeout).length / list.length;
    else
      value = nearestRank(
        list.map((p) => p.durationMs).sort((a, b) => a - b),
        metric,
      );
    groups.set(k, {
      dimensions: request.groupBy.length > 0 ? { 'payment.channel': list[0]!.channel } : {},
      count: list.length,
      value,
    });
  }
  return [...groups.values()];
}

/**
 * The sampling rule, written out: the first `limit` pay spans' traces by `rank` among those that
 * `keep`, in the window's last five minutes when those hold `limit`, else in the whole window.
 */
function expectedSamples(
  windowMs: number,
  limit: number,
  keep: (p: Pay) => boolean,
  rank: (p: Pay) => number,
): string[] {
  const pick = (ms: number) =>
    pays
      .filter((p) => p.startMs >= AT - ms && p.startMs < AT && keep(p))
      .sort((a, b) => rank(a) - rank(b) || (a.traceId < b.traceId ? -1 : 1))
      .map((p) => p.traceId)
      .slice(0, limit);
  const recent = pick(Math.min(windowMs, 5 * MINUTE));
  return recent.length >= limit ? recent : pick(windowMs);
}

const sortGroups = (groups: MetricGroup[]) =>
  [...groups].sort((a, b) => JSON.stringify(a.dimensions).localeCompare(JSON.stringify(b.dimensions)));

const base = { step: 'channel_pay', filters: {}, groupBy: [] as string[] };
const REQUESTS: MetricRequest[] = [
  ...(['p50', 'p90', 'p95', 'p99', 'p999'] as const).map((metric) => ({
    ...base,
    metric,
    windowMs: 5 * MINUTE,
  })),
  { ...base, metric: 'p99', windowMs: 10 * MINUTE, groupBy: ['payment.channel'] },
  { ...base, metric: 'p50', windowMs: 15 * MINUTE, groupBy: ['payment.channel'] },
  { ...base, metric: 'error_rate', windowMs: 15 * MINUTE },
  { ...base, metric: 'timeout_rate', windowMs: 15 * MINUTE },
  { ...base, metric: 'timeout_rate', windowMs: 15 * MINUTE, filters: { 'payment.channel': 'paypal' } },
  { ...base, metric: 'count', windowMs: 10 * MINUTE, filters: { 'payment.channel': 'wechat' } },
  { ...base, metric: 'error_rate', windowMs: 30 * MINUTE, groupBy: ['payment.channel'] },
  { ...base, metric: 'conversion', windowMs: 10 * MINUTE },
  { ...base, metric: 'conversion', windowMs: 30 * MINUTE, groupBy: ['payment.channel'] },
  { ...base, metric: 'conversion', windowMs: 15 * MINUTE, filters: { 'payment.channel': 'alipay' } },
  { ...base, step: 'notify', metric: 'count', windowMs: 5 * MINUTE },
];

describe('ClickHouse metric source', () => {
  it('answers every request like the spans say, in one query per batch', async () => {
    queries = 0;
    const answers = await source.measure(REQUESTS, AT);
    // One scan for all span metrics, one pass over the journeys for all conversion rules.
    expect(queries).toBe(2);
    REQUESTS.forEach((request, i) => {
      const got = sortGroups(answers[i]!);
      const want = sortGroups(expected(request));
      expect(
        got.map((g) => g.dimensions),
        JSON.stringify(request),
      ).toEqual(want.map((g) => g.dimensions));
      got.forEach((group, g) => {
        expect(group.count, JSON.stringify(request)).toBe(want[g]!.count);
        expect(group.value, JSON.stringify(request)).toBeCloseTo(want[g]!.value!, 9);
      });
    });
    expect(answers.at(-1)).toEqual([]);
  });

  it('has data to disagree about', () => {
    const last5 = pays.filter((p) => p.startMs >= AT - 5 * MINUTE);
    expect(last5.length).toBeGreaterThan(40);
    expect(pays.some((p) => p.timeout && !p.error)).toBe(true);
    expect(pays.some((p) => p.error && !p.timeout)).toBe(true);
    expect(pays.filter((p) => Number(p.journey.slice(4)) % 7 === 3).length).toBeGreaterThan(10);
    expect(
      pays.filter((p) => p.traceId !== Number(p.journey.slice(4)).toString(16).padStart(32, '0')).length,
    ).toBeGreaterThan(5);
  });

  it('samples the slowest traces above a latency threshold', async () => {
    const [ids] = await source.sampleTraceIds(
      [
        {
          ...base,
          metric: 'p99',
          windowMs: 15 * MINUTE,
          filters: {},
          dimensions: { 'payment.channel': 'paypal' },
          op: '>',
          threshold: 2000,
        },
      ],
      AT,
      3,
    );
    const want = expectedSamples(
      15 * MINUTE,
      3,
      (p) => p.channel === 'paypal' && p.durationMs > 2000,
      (p) => -p.durationMs,
    );
    expect(want).toHaveLength(3);
    expect(ids).toEqual(want);
  });

  it('samples timed-out traces for a timeout-rate rule', async () => {
    const [ids] = await source.sampleTraceIds(
      [
        {
          ...base,
          metric: 'timeout_rate',
          windowMs: 30 * MINUTE,
          filters: {},
          dimensions: {},
          op: '>',
          threshold: 0.1,
        },
      ],
      AT,
      100,
    );
    const want = pays.filter((p) => p.timeout).map((p) => p.traceId);
    expect(new Set(ids)).toEqual(new Set(want));
  });

  it('answers a batch of sample requests in a query per pass, each in its own order', async () => {
    const sample = (over: Partial<SampleRequest>): SampleRequest => ({
      ...base,
      metric: 'p50',
      windowMs: 10 * MINUTE,
      filters: {},
      dimensions: {},
      op: '>',
      threshold: 0,
      ...over,
    });
    const requests = [
      sample({ metric: 'p99', dimensions: { 'payment.channel': 'alipay' }, threshold: 1000 }),
      sample({ metric: 'p50', op: '<', threshold: 5000, windowMs: 20 * MINUTE }),
      sample({ metric: 'error_rate', dimensions: { 'payment.channel': 'wechat' }, windowMs: 20 * MINUTE }),
      sample({ metric: 'count', op: '<', threshold: 10 }),
      // Asked twice (two alerts of one rule, say): looked up once, answered twice.
      sample({ metric: 'p99', dimensions: { 'payment.channel': 'alipay' }, threshold: 1000 }),
    ];
    const before = queries;
    const answers = await source.sampleTraceIds(requests, AT, 4);
    // The last five minutes for all, then the whole window for those short of four traces there.
    expect(queries - before).toBe(2);
    const want = [
      expectedSamples(
        10 * MINUTE,
        4,
        (p) => p.channel === 'alipay' && p.durationMs > 1000,
        (p) => -p.durationMs,
      ),
      expectedSamples(
        20 * MINUTE,
        4,
        () => true,
        (p) => p.durationMs,
      ),
      expectedSamples(
        20 * MINUTE,
        4,
        (p) => p.channel === 'wechat' && p.error,
        (p) => -p.startMs,
      ),
      expectedSamples(
        10 * MINUTE,
        4,
        () => true,
        (p) => -p.startMs,
      ),
    ];
    expect(answers).toEqual([...want, want[0]]);
    expect(answers.every((ids) => ids.length === 4)).toBe(true);
    // The error-rate request found fewer than four in the last five minutes: it read its window.
    const recentErrors = pays.filter(
      (p) => p.startMs >= AT - 5 * MINUTE && p.channel === 'wechat' && p.error,
    ).length;
    expect(recentErrors).toBeLessThan(4);
  });

  it('reads the journey store exactly as span by span, late spans included', async () => {
    const ctx = analyticsContext(harness.deps);
    const link = harness.deps.link;
    const plan: JourneyPlan = {
      steps: [link.steps[0]!.id, 'channel_pay'],
      windowsMs: [390_000, 10 * MINUTE, 19.5 * MINUTE],
      dims: ['payment.channel'],
      members: [],
    };
    const rows = (list: JourneyRow[]) =>
      list.map((row) => JSON.stringify([row.dims, row.entered, row.succeeded, Number(row.n)])).sort();
    const compare = async (atMs: number) => {
      const stored = await queryJourneyRows(ctx, plan, atMs);
      const bySpans = await queryJourneyRows(ctx, plan, atMs, { spanBySpan: true });
      expect(bySpans.length).toBeGreaterThan(3);
      expect(rows(stored)).toEqual(rows(bySpans));
      return stored;
    };
    await compare(AT - 17_300);
    const atMs = AT - 2 * MINUTE + 41_000;
    const before = await compare(atMs);
    // A late span of a journey already built: a paypal failure of a journey that had none.
    const late = channelPaySpan({
      traceId: 'feed'.padEnd(32, '0'),
      channel: 'paypal',
      startMs: atMs - 5 * MINUTE,
      durationMs: 20,
    });
    late.SpanAttributes['payment.order_id'] = 'ord-late';
    await harness.insertSpans([late]);
    const after = await compare(atMs);
    expect(rows(after)).not.toEqual(rows(before));
  });

  it('agrees with the steps and funnel pages over the same window', async () => {
    const ctx = analyticsContext(harness.deps);
    const range = { from: AT - 10 * MINUTE, to: AT };
    const [p99, conversion, paypalConversion] = await source.measure(
      [
        { ...base, metric: 'p99', windowMs: 10 * MINUTE, groupBy: ['payment.channel'] },
        { ...base, metric: 'conversion', windowMs: 10 * MINUTE, groupBy: ['payment.channel'] },
        { ...base, metric: 'conversion', windowMs: 10 * MINUTE, filters: { 'payment.channel': 'paypal' } },
      ],
      AT,
    );
    const steps = await stepStats(ctx, { range, groupBy: ['payment.channel'] });
    const page = steps.steps.find((step) => step.step === 'channel_pay')!;
    expect(sortGroups(p99!).map((g) => [g.dimensions['payment.channel'], g.count, g.value])).toEqual(
      [...page.groups]
        .sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)))
        .map((g) => [g.key['payment.channel'], g.count, g.p99]),
    );
    const byChannel = await funnel(ctx, { range, groupBy: ['payment.channel'] });
    const stepIndex = harness.deps.link.steps.findIndex((step) => step.id === 'channel_pay');
    for (const group of conversion!) {
      const pageGroup = byChannel.groups.find(
        (g) => g.key['payment.channel'] === group.dimensions['payment.channel'],
      );
      expect(group.value).toBeCloseTo(pageGroup!.steps[stepIndex]!.conversionFromStart!, 12);
    }
    const filtered = await funnel(ctx, { range, filters: { 'payment.channel': ['paypal'] } });
    expect(paypalConversion![0]!.value).toBeCloseTo(filtered.steps[stepIndex]!.conversionFromStart!, 12);
  });
});
