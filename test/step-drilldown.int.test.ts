import { sql, typed } from '@paylens/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { stepAttribution } from '../server/src/analytics/attribution-service.ts';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { latencyBucketSql } from '../server/src/analytics/latency-bucket-sql.ts';
import { nearestRank, type Range } from './fixtures/analytics-expected.ts';
import {
  BETA_VERSION,
  drilldownHour,
  PAYMENTS_PER_HOUR,
  resourceOf,
  SLOW_MERCHANT,
} from './support/drilldown-dataset.ts';
import { hourWindow, settle, useJourneyPaylens } from './support/journey-checks.ts';
import type { SpanSpec } from './support/journey-shapes.ts';

// Issue #15: step distribution, attribution ("who is slow?") and compare=, over payments sent with
// the real OpenTelemetry SDK; every expected figure is computed here from the spans sent.

const HOUR = 3_600_000;
const before = hourWindow(4);
const after: Range = { from: before.to, to: before.to + HOUR };
const whole: Range = { from: before.from, to: after.to + 10 * 60_000 };
const STEP = 'channel_pay';
const BUDGET_MS = 3000;
const JOURNEY_KEYS = ['payment.order_id', 'order.id'];

const fixture = useJourneyPaylens();
const hours = [drilldownHour(0, before.from), drilldownHour(1, after.from)];
const spans = hours.flatMap((h) => h.spans);

beforeAll(async () => {
  for (const hour of hours) await fixture.sender.send(hour);
  await settle(fixture.paylens);
}, 300_000);

const q = (range: Range) => `from=${range.from}&to=${range.to}`;
const get = <T>(path: string) => fixture.api<T>(path);
const durationMs = (s: SpanSpec) => s.endMs - s.startMs;
const stepSpans = (range: Range, step = STEP) =>
  spans.filter((s) => s.step === step && s.startMs >= range.from && s.startMs < range.to);
const isTimeout = (s: SpanSpec) => durationMs(s) >= BUDGET_MS;

interface Attribution {
  selection: { count: number };
  baseline: { count: number };
  attributes: {
    key: string;
    value: string;
    selection: number;
    baseline: number;
    selectionShare: number;
    baselineShare: number;
    lift: number | null;
  }[];
  samples: string[];
}

/** DESIGN.md's attribution, written out plainly over the spans sent. */
function expectedAttribution(range: Range, selected: (s: SpanSpec) => boolean) {
  const ofStep = stepSpans(range);
  const pairs = (s: SpanSpec) => {
    const peer = s.attributes['peer.service'] || s.attributes['server.address'] || '';
    const all: [string, string][] = [
      ...Object.entries(s.attributes),
      ...Object.entries(resourceOf(s)),
      ['service.name', s.service],
      ['span.name', s.name],
      ['peer', peer],
    ];
    return new Set(all.filter(([, v]) => v !== '').map(([k, v]) => JSON.stringify([k, v])));
  };
  const counts = new Map<string, { selection: number; baseline: number }>();
  const distinct = new Map<string, Set<string>>();
  const selection = ofStep.filter(selected);
  for (const s of ofStep) {
    for (const pair of pairs(s)) {
      const [key, value] = JSON.parse(pair) as [string, string];
      distinct.set(key, (distinct.get(key) ?? new Set()).add(value));
      const c = counts.get(pair) ?? { selection: 0, baseline: 0 };
      if (selected(s)) c.selection++;
      else c.baseline++;
      counts.set(pair, c);
    }
  }
  const baselineCount = ofStep.length - selection.length;
  const rows = [...counts.entries()]
    .map(([pair, c]) => {
      const [key, value] = JSON.parse(pair) as [string, string];
      const selectionShare = selection.length ? c.selection / selection.length : 0;
      const baselineShare = baselineCount ? c.baseline / baselineCount : 0;
      return {
        key,
        value,
        ...c,
        selectionShare,
        baselineShare,
        lift: baselineShare > 0 ? selectionShare / baselineShare : null,
      };
    })
    .filter((r) => !JOURNEY_KEYS.includes(r.key) && distinct.get(r.key)!.size <= 1000)
    .sort(
      (a, b) =>
        b.selectionShare - b.baselineShare - (a.selectionShare - a.baselineShare) ||
        b.selection - a.selection ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : a.value < b.value ? -1 : 1),
    );
  return {
    selection: { count: selection.length },
    baseline: { count: baselineCount },
    attributes: rows.slice(0, 20),
    traces: new Set(selection.map((s) => s.traceId)),
    distinct,
  };
}

function expectAttribution(body: Attribution, expected: ReturnType<typeof expectedAttribution>) {
  expect(body.selection).toEqual(expected.selection);
  expect(body.baseline).toEqual(expected.baseline);
  expect(body.attributes).toEqual(expected.attributes);
  expect(body.samples.length).toBe(Math.min(10, expected.traces.size));
  for (const traceId of body.samples) expect(expected.traces.has(traceId)).toBe(true);
}

describe('the dataset', () => {
  it('has a slow merchant after the regression, timeouts, errors and ids with more than 1000 values', () => {
    const all = stepSpans(whole);
    expect(fixture.paylens.link.journeyKey).toEqual(JOURNEY_KEYS);
    expect(all.filter((s) => durationMs(s) >= 1500 && s.startMs >= after.from).length).toBeGreaterThan(80);
    expect(all.filter(isTimeout).length).toBeGreaterThan(10);
    expect(all.filter((s) => s.error).length).toBeGreaterThan(200);
    expect(new Set(all.map((s) => s.attributes['request.id'])).size).toBeGreaterThan(1000);
    expect(new Set(all.map((s) => s.attributes['payment.order_id'])).size).toBeLessThanOrEqual(1000);
  });
});

describe('GET /api/v1/steps/:step/attribution', () => {
  it('ranks the slow merchant first for a latency band, with exact counts and shares, ids skipped', async () => {
    const body = await get<Attribution>(`/api/v1/steps/${STEP}/attribution?${q(whole)}&minMs=1500`);
    const expected = expectedAttribution(whole, (s) => durationMs(s) >= 1500);
    expectAttribution(body, expected);
    expect(body.attributes[0]).toMatchObject({ key: 'merchant.id', value: SLOW_MERCHANT });
    expect(expected.distinct.get('request.id')!.size).toBeGreaterThan(1000);
    expect(body.attributes.some((a) => a.key === 'request.id' || JOURNEY_KEYS.includes(a.key))).toBe(false);
  });

  it('ranks the slow merchant first among timeouts, and the journey key is skipped though it has few values', async () => {
    const body = await get<Attribution>(`/api/v1/steps/${STEP}/attribution?${q(whole)}&outcome=timeout`);
    const expected = expectedAttribution(whole, isTimeout);
    expectAttribution(body, expected);
    expect(body.attributes[0]).toMatchObject({ key: 'merchant.id', value: SLOW_MERCHANT });
    expect(body.attributes.some((a) => a.key === 'payment.order_id')).toBe(false);
  });

  it('ranks the beta version first among errors', async () => {
    const body = await get<Attribution>(`/api/v1/steps/${STEP}/attribution?${q(whole)}&outcome=error`);
    expectAttribution(
      body,
      expectedAttribution(whole, (s) => s.error !== undefined),
    );
    expect(body.attributes[0]).toMatchObject({ key: 'app.version', value: BETA_VERSION });
  });

  it('selects a band [minMs, maxMs) in a time slice, within a dimension filter', async () => {
    const slice: Range = { from: after.from + 600_000, to: after.from + 2_400_000 };
    const body = await get<Attribution>(
      `/api/v1/steps/${STEP}/attribution?${q(slice)}&minMs=300&maxMs=900&payment.channel=wechat`,
    );
    const wechat = (s: SpanSpec) => s.attributes['payment.channel'] === 'wechat';
    const ofWechat = stepSpans(slice).filter(wechat);
    const inBand = ofWechat.filter((s) => durationMs(s) >= 300 && durationMs(s) < 900);
    expect(body.selection.count).toBe(inBand.length);
    expect(body.baseline.count).toBe(ofWechat.length - inBand.length);
    expect(inBand.length).toBeGreaterThan(20);
  });

  it('answers the same from otel_traces (ranges the link spans table does not cover)', async () => {
    const ctx = analyticsContext({ driver: fixture.paylens.driver, link: fixture.paylens.link });
    const query = { step: STEP, range: whole, minMs: 1500 };
    const fromTable = await stepAttribution(ctx, query);
    const fromTraces = await stepAttribution({ ...ctx, coverage: async () => undefined }, query);
    expect(fromTraces).toEqual(fromTable);
    expect(fromTable.attributes[0]).toMatchObject({ key: 'merchant.id', value: SLOW_MERCHANT });
  });

  it('refuses bad selections with a 400 naming the parameter', async () => {
    for (const [query, name] of [
      ['minMs=-1', 'minMs'],
      ['minMs=5&maxMs=5', 'maxMs'],
      ['outcome=slow', 'outcome'],
      ['merchant=1', 'merchant'],
    ] as const) {
      const response = await fetch(`${fixture.paylens.apiUrl}/api/v1/steps/${STEP}/attribution?${query}`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(name);
    }
    const unknown = await fetch(`${fixture.paylens.apiUrl}/api/v1/steps/nope/distribution`);
    expect(unknown.status).toBe(400);
  });
});

interface DistributionBody {
  step: string;
  count: number;
  buckets: { leMs: number | null; count: number }[];
  heatmap: { bucketMs: number; t: number[]; leMs: (number | null)[]; counts: number[][] };
  previous?: DistributionBody;
}

/** The bucket of a duration by a plain scan of the bounds the response gives. */
const bucketOf = (leMs: readonly (number | null)[], ms: number) =>
  leMs.findIndex((le) => le === null || Math.round(ms * 1e6) <= Math.round(le * 1e6));

describe('GET /api/v1/steps/:step/distribution', () => {
  it('counts every span in its log-spaced bucket, overall and per time bucket, exactly', async () => {
    const body = await get<DistributionBody>(`/api/v1/steps/${STEP}/distribution?${q(after)}&bucket=10m`);
    const ofStep = stepSpans(after);
    expect(body.count).toBe(ofStep.length);
    expect(body.buckets.map((b) => b.leMs)).toEqual(body.heatmap.leMs);
    expect(body.heatmap.leMs.slice(0, 1)).toEqual([0.1]);
    expect(body.heatmap.leMs.at(-2)).toBe(100_000);
    expect(body.heatmap.leMs.at(-1)).toBeNull();
    const expected = body.buckets.map(() => 0);
    const cells = body.heatmap.t.map(() => body.buckets.map(() => 0));
    for (const s of ofStep) {
      const j = bucketOf(body.heatmap.leMs, durationMs(s));
      expected[j]!++;
      cells[Math.floor((s.startMs - after.from) / 600_000)]![j]!++;
    }
    expect(body.buckets.map((b) => b.count)).toEqual(expected);
    expect(body.heatmap.t).toEqual([0, 1, 2, 3, 4, 5].map((i) => after.from + i * 600_000));
    expect(body.heatmap.counts).toEqual(cells);
  });

  it('filters by a dimension, and compares with the hour before', async () => {
    const body = await get<DistributionBody>(
      `/api/v1/steps/${STEP}/distribution?${q(after)}&payment.channel=card&compare=1h`,
    );
    const card = (r: Range) => stepSpans(r).filter((s) => s.attributes['payment.channel'] === 'card');
    expect(body.count).toBe(card(after).length);
    expect(body.previous!.count).toBe(card(before).length);
    const histogram = (list: SpanSpec[]) => {
      const counts = body.buckets.map(() => 0);
      for (const s of list) counts[bucketOf(body.heatmap.leMs, durationMs(s))]!++;
      return counts;
    };
    expect(body.previous!.buckets.map((b) => b.count)).toEqual(histogram(card(before)));
  });

  it('puts durations at and around every bound in the same bucket in ClickHouse as a plain scan', async () => {
    const body = await get<DistributionBody>(`/api/v1/steps/${STEP}/distribution?${q(after)}`);
    const boundsNs = body.buckets.flatMap((b) => (b.leMs === null ? [] : [Math.round(b.leMs * 1e6)]));
    const durations = [0, 1, ...boundsNs.flatMap((b) => [b - 1, b, b + 1]), 10 ** 12];
    const rows = await fixture.paylens.driver.query<{ Duration: number; bucket: number }>(
      sql`SELECT Duration, ${latencyBucketSql()} AS bucket FROM (SELECT arrayJoin(${typed('Array(UInt64)', durations)}) AS Duration)`,
    );
    const scan = (ns: number) => {
      const i = boundsNs.findIndex((b) => ns <= b);
      return i === -1 ? boundsNs.length : i;
    };
    expect(rows.map((r) => Number(r.bucket))).toEqual(durations.map(scan));
  });
});

describe('compare=<duration>', () => {
  it('/steps returns the earlier window as previous, exactly, and shows the shift', async () => {
    const body = await get<{ steps: StepRow[]; previous: { from: number; to: number; steps: StepRow[] } }>(
      `/api/v1/steps?${q(after)}&compare=1h`,
    );
    const direct = await get<{ steps: StepRow[] }>(`/api/v1/steps?${q(before)}`);
    expect(body.previous).toEqual({ ...direct, from: before.from, to: before.to });
    for (const [range, steps] of [
      [before, body.previous.steps],
      [after, body.steps],
    ] as const) {
      const ofStep = stepSpans(range);
      const row = steps.find((s) => s.step === STEP)!;
      expect(row).toMatchObject({
        count: ofStep.length,
        errors: ofStep.filter((s) => s.error !== undefined).length,
        timeouts: ofStep.filter(isTimeout).length,
        p99: nearestRank(ofStep.map(durationMs), 990),
      });
    }
    const p99 = (steps: StepRow[]) => steps.find((s) => s.step === STEP)!.p99!;
    expect(p99(body.steps)).toBeGreaterThan(p99(body.previous.steps));
  });

  it('/funnel and /timeouts return the earlier window as previous, exactly', async () => {
    const funnel = await get<{ journeys: number; previous: { journeys: number } }>(
      `/api/v1/funnel?${q(after)}&compare=1h`,
    );
    expect(funnel.previous).toEqual(await get(`/api/v1/funnel?${q(before)}`));
    expect(funnel.previous.journeys).toBe(PAYMENTS_PER_HOUR);
    const timeouts = await get<{ previous: unknown }>(`/api/v1/timeouts?${q(after)}&compare=1d`);
    const dayBefore: Range = { from: after.from - 24 * HOUR, to: after.to - 24 * HOUR };
    expect(timeouts.previous).toEqual(await get(`/api/v1/timeouts?${q(dayBefore)}`));
    const lastHour = await get<{ hotspots: unknown[]; previous: unknown }>(
      `/api/v1/timeouts?${q(after)}&compare=1h`,
    );
    expect(lastHour.previous).toEqual(await get(`/api/v1/timeouts?${q(before)}`));
  });

  it('refuses a bad compare with a 400 naming it', async () => {
    const response = await fetch(`${fixture.paylens.apiUrl}/api/v1/steps?compare=soon`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('compare');
  });
});

interface StepRow {
  step: string;
  count: number;
  p99: number | null;
}
