import { sql } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestedTimeoutMs } from '../server/src/analysis/suggested-budget.ts';
import { readCoverage } from '../server/src/analytics/link-spans-view.ts';
import {
  differences,
  expectedCompleted,
  expectedFunnelSteps,
  expectedFunnelValue,
  groupBy,
  journeysIn,
  latency,
  linkSpansIn,
  nearestRank,
  type Range,
} from './fixtures/analytics-expected.ts';
import { type AnalyticsHarness, startAnalyticsHarness } from './fixtures/analytics-harness.ts';
import { SLOTS } from './fixtures/dataset-model.ts';

// Every analytics endpoint, over HTTP, against answers computed from the generator's truth.
// The spans go in after the app started, so the link spans view (the fast path) serves them;
// analytics-sources.int.test.ts shows otel_traces gives the same answers.

const FROM = Date.parse('2026-11-20T10:00:00Z');
const JOURNEYS = 2500;
const SPACING_MS = 2400;
const END = FROM + JOURNEYS * SPACING_MS + 60_000;
const NOW = END + 3_600_000;
const WHOLE: Range = { from: FROM - 60_000, to: END };

let h: AnalyticsHarness;

beforeAll(async () => {
  h = await startAnalyticsHarness({
    seed: 20261120,
    journeys: JOURNEYS,
    fromMs: FROM,
    spacingMs: SPACING_MS,
    failureBoost: 3,
    insert: 'after-app',
    nowMs: NOW,
  });
});
afterAll(async () => {
  await h?.close();
});

async function ok(path: string): Promise<Record<string, unknown>> {
  const { status, body } = await h.get(path);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as Record<string, unknown>;
}

const q = (range: Range) => `from=${range.from}&to=${range.to}`;
const byJson = <T>(items: T[]) => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('the link spans view', () => {
  it('classified every span inserted after the app started, and is trusted from the beginning', async () => {
    expect((await readCoverage(h.driver, h.link))?.coveredFromNs).toBe(0n);
    const [row] = await h.driver.query<{ n: number; rolled: number }>(
      sql`SELECT (SELECT count() FROM paylens_link_spans) AS n, (SELECT sum(Count) FROM paylens_step_minutes) AS rolled`,
    );
    expect(Number(row!.n)).toBe(linkSpansIn(h.dataset, { from: 0, to: NOW }).length);
    expect(Number(row!.rolled)).toBe(Number(row!.n));
  });
});

describe('GET /api/v1/link', () => {
  it('returns the active definition with step titles', async () => {
    const body = await ok('/api/v1/link');
    expect(body.name).toBe('checkout-payment');
    expect((body.steps as { id: string; title: string }[]).map((s) => s.id)).toEqual(
      h.link.steps.map((s) => s.id),
    );
    expect((body.steps as { title: string }[])[0]!.title).toBe('Create order');
  });
});

describe('GET /api/v1/steps', () => {
  it('reports count, errors, timeouts and nearest-rank quantiles per step', async () => {
    expect(h.dataset.spans.length).toBeLessThanOrEqual(50_000);
    const body = (await ok(`/api/v1/steps?${q(WHOLE)}`)) as { steps: Record<string, unknown>[] };
    const spans = linkSpansIn(h.dataset, WHOLE);
    for (const step of h.link.steps) {
      const expected = latency(spans.filter((span) => span.step === step.id));
      const actual = body.steps.find((s) => s.step === step.id)!;
      // The generated payments have no TCC Confirm or Cancel: those steps are there, with no spans.
      const modelled = SLOTS.some((slot) => slot.step === step.id);
      expect(expected.count > 100, step.id).toBe(modelled);
      expect(actual).toEqual({
        step: step.id,
        title: expect.any(String),
        ...expected,
        timeoutMs: step.timeoutMs ?? null,
        suggestedTimeoutMs: suggestedTimeoutMs(expected.p999),
        groups: [],
      });
    }
    const timeouts = body.steps.reduce((sum, s) => sum + (s.timeouts as number), 0);
    expect(timeouts).toBeGreaterThan(50);
  });

  it('groups by a dimension within a filter, and by two dimensions', async () => {
    const range: Range = { from: FROM + 600_000, to: FROM + 3_000_000 };
    const body = (await ok(
      `/api/v1/steps?${q(range)}&groupBy=payment.channel&deployment.environment.name=prod`,
    )) as { steps: { step: string; count: number; groups: { key: Record<string, string> }[] }[] };
    const spans = linkSpansIn(h.dataset, range).filter(
      (s) => s.dims['deployment.environment.name'] === 'prod',
    );
    for (const step of h.link.steps) {
      const ofStep = spans.filter((span) => span.step === step.id);
      const expectedGroups = [...groupBy(ofStep, (span) => span.dims['payment.channel']!).entries()].map(
        ([channel, list]) => ({ key: { 'payment.channel': channel }, ...latency(list) }),
      );
      const actual = body.steps.find((s) => s.step === step.id)!;
      expect(actual.count).toBe(ofStep.length);
      expect(byJson(actual.groups)).toEqual(byJson(expectedGroups));
    }
    const two = (await ok(`/api/v1/steps?${q(range)}&groupBy=service.name,deployment.environment.name`)) as {
      steps: { step: string; groups: { key: Record<string, string>; count: number }[] }[];
    };
    const all = linkSpansIn(h.dataset, range);
    const notify = two.steps.find((s) => s.step === 'notify')!;
    expect(byJson(notify.groups.map((g) => ({ key: g.key, count: g.count })))).toEqual(
      byJson(
        [
          ...groupBy(
            all.filter((s) => s.step === 'notify'),
            (s) => s.dims['deployment.environment.name']!,
          ),
        ].map(([env, list]) => ({
          key: { 'service.name': 'notification-svc', 'deployment.environment.name': env },
          count: list.length,
        })),
      ),
    );
  });

  it('answers an empty range with zero counts and null quantiles', async () => {
    const body = (await ok(`/api/v1/steps?from=${NOW}&to=${NOW + 1000}`)) as {
      steps: Record<string, unknown>[];
    };
    expect(body.steps[0]).toMatchObject({
      count: 0,
      p50: null,
      p999: null,
      max: null,
      suggestedTimeoutMs: null,
    });
  });
});

describe('long ranges, served from the per-minute rollup', () => {
  // Over three hours: whole minutes come from paylens_step_minutes, the partial ones at each end
  // from the link spans. Counts stay exact; quantiles are within 1% of the exact nearest-rank value.
  const LONG: Range = { from: FROM - 7_200_000 + 12_345, to: END + 54_321 };

  it('reports steps, grouped by channel', async () => {
    const body = (await ok(`/api/v1/steps?${q(LONG)}&groupBy=payment.channel`)) as {
      steps: {
        step: string;
        title: string;
        timeoutMs: number | null;
        p999: number | null;
        suggestedTimeoutMs: number | null;
        groups: { key: unknown }[];
      }[];
    };
    const spans = linkSpansIn(h.dataset, LONG);
    const expected = h.link.steps.map((step) => {
      const ofStep = spans.filter((span) => span.step === step.id);
      return {
        step: step.id,
        ...latency(ofStep),
        groups: byJson(
          [...groupBy(ofStep, (span) => span.dims['payment.channel']!)].map(([channel, list]) => ({
            key: { 'payment.channel': channel },
            ...latency(list),
          })),
        ),
      };
    });
    const actual = body.steps.map(({ title: _t, timeoutMs: _b, suggestedTimeoutMs: _s, ...rest }) => ({
      ...rest,
      groups: byJson(rest.groups),
    }));
    expect(differences(actual, expected)).toEqual([]);
    for (const step of body.steps) expect(step.suggestedTimeoutMs).toBe(suggestedTimeoutMs(step.p999));
  });

  it('reports a series in minute-aligned buckets', async () => {
    const bucketMs = 900_000;
    const body = (await ok(`/api/v1/steps/series?step=payment_create&${q(LONG)}&bucket=15m`)) as {
      points: Record<string, unknown>[];
    };
    const spans = linkSpansIn(h.dataset, LONG).filter((span) => span.step === 'payment_create');
    const first = Math.floor(LONG.from / bucketMs) * bucketMs;
    const expected = [];
    for (let t = first; t < LONG.to; t += bucketMs) {
      const inBucket = spans.filter((s) => {
        const ms = Number(s.startNs / 1_000_000n);
        return ms >= t && ms < t + bucketMs;
      });
      const { max: _max, ...stats } = latency(inBucket);
      expected.push({ t, ...stats });
    }
    expect(differences(body.points, expected)).toEqual([]);
  });

  it('ranks the same hotspots', async () => {
    const exact = (await ok(`/api/v1/timeouts?from=${FROM - 60_000}&to=${END + 54_321}&limit=1000`)) as {
      hotspots: unknown[];
    };
    const long = (await ok(`/api/v1/timeouts?${q(LONG)}&limit=1000`)) as { hotspots: unknown[] };
    expect(differences(long.hotspots, exact.hotspots)).toEqual([]);
  });
});

describe('GET /api/v1/steps/series', () => {
  it('buckets one step over time, every bucket present', async () => {
    const range: Range = { from: FROM, to: FROM + 3_600_000 };
    const bucketMs = 600_000;
    const body = (await ok(`/api/v1/steps/series?step=channel_pay&${q(range)}&bucket=10m`)) as {
      step: string;
      bucketMs: number;
      points: Record<string, unknown>[];
    };
    expect(body.bucketMs).toBe(bucketMs);
    const spans = linkSpansIn(h.dataset, range).filter((span) => span.step === 'channel_pay');
    const expected = Array.from({ length: 6 }, (_, i) => {
      const t = range.from + i * bucketMs;
      const inBucket = spans.filter(
        (s) => Number(s.startNs / 1_000_000n) >= t && Number(s.startNs / 1_000_000n) < t + bucketMs,
      );
      const { max: _max, ...stats } = latency(inBucket);
      return { t, ...stats };
    });
    expect(body.points).toEqual(expected);
  });
});

describe('GET /api/v1/timeouts', () => {
  it('ranks hotspots by timeouts, then rate, with p99 beside the budget', async () => {
    const body = (await ok(`/api/v1/timeouts?${q(WHOLE)}&limit=1000`)) as {
      hotspots: Record<string, unknown>[];
    };
    const spans = linkSpansIn(h.dataset, WHOLE);
    const budget = new Map(h.link.steps.map((s) => [s.id, s.timeoutMs ?? null]));
    const expected = [
      ...groupBy(spans, (s) =>
        JSON.stringify([s.step, s.row.ServiceName, s.peer, s.dims['payment.channel']]),
      ),
    ]
      .map(([key, list]) => {
        const [step, service, peer, channel] = JSON.parse(key) as string[];
        const timeouts = list.filter((s) => s.timeout).length;
        return {
          step: step!,
          service: service || null,
          peer: peer || null,
          channel: channel || null,
          calls: list.length,
          timeouts,
          timeoutRate: timeouts / list.length,
          p99: nearestRank(
            list.map((s) => Number(s.durationNs) / 1e6),
            990,
          ),
          timeoutMs: budget.get(step!) ?? null,
        };
      })
      .filter((g) => g.timeouts > 0)
      .sort(
        (a, b) =>
          b.timeouts - a.timeouts ||
          b.timeoutRate - a.timeoutRate ||
          b.calls - a.calls ||
          JSON.stringify([a.step, a.service, a.peer, a.channel]).localeCompare(
            JSON.stringify([b.step, b.service, b.peer, b.channel]),
          ),
      );
    expect(expected.length).toBeGreaterThan(10);
    expect(body.hotspots).toEqual(expected);
  });

  it('flags callers with shorter budgets than their callees, and p99.9 above budget', async () => {
    // Ten minutes: short enough for every span-to-parent call to be joined (no sampling).
    const range: Range = { from: FROM + 1_200_000, to: FROM + 1_800_000 };
    const body = (await ok(`/api/v1/timeouts?${q(range)}`)) as {
      inversions: { kind: string; step: string; callee?: string; calls?: number }[];
    };
    const spans = linkSpansIn(h.dataset, range);
    const bySpanId = new Map(spans.map((s) => [`${s.row.TraceId}/${s.row.SpanId}`, s]));
    const budget = new Map(h.link.steps.map((s) => [s.id, s.timeoutMs]));
    const edges = groupBy(
      spans.filter((s) => bySpanId.has(`${s.row.TraceId}/${s.parentSpanId}`)),
      (s) => `${bySpanId.get(`${s.row.TraceId}/${s.parentSpanId}`)!.step}>${s.step}`,
    );
    const callerShorter = [...edges]
      .map(([pair, list]) => ({ pair: pair.split('>'), calls: list.length }))
      .filter(({ pair: [caller, callee] }) => budget.get(caller!)! < budget.get(callee!)!)
      .map(({ pair: [caller, callee], calls }) => ({
        kind: 'caller_budget_shorter',
        step: caller,
        callee,
        calls,
      }));
    const overBudget = h.link.steps
      .filter((step) => {
        const p999 = nearestRank(
          spans.filter((s) => s.step === step.id).map((s) => Number(s.durationNs) / 1e6),
          999,
        );
        return step.timeoutMs !== undefined && p999 !== null && p999 > step.timeoutMs;
      })
      .map((step) => ({ kind: 'p999_over_budget', step: step.id }));
    expect(callerShorter.map((c) => `${c.step}>${c.callee}`).sort()).toEqual([
      'create_order>payment_create',
      'order_update>notify',
    ]);
    const actual = body.inversions.map(({ kind, step, callee, calls }) =>
      kind === 'caller_budget_shorter' ? { kind, step, callee, calls } : { kind, step },
    );
    expect(byJson(actual)).toEqual(byJson([...callerShorter, ...overBudget]));
  });

  it('finds the same inversions over a long range by sampling slices', async () => {
    const body = (await ok(`/api/v1/timeouts?${q(WHOLE)}`)) as {
      inversions: { kind: string; step: string; callee?: string }[];
    };
    const pairs = body.inversions
      .filter((i) => i.kind === 'caller_budget_shorter')
      .map((i) => `${i.step}>${i.callee}`);
    expect(pairs.sort()).toEqual(['create_order>payment_create', 'order_update>notify']);
  });
});

describe('GET /api/v1/funnel', () => {
  it('counts journeys per step in link order, with conversions, drop-offs, gaps, errors and latency', async () => {
    const body = (await ok(`/api/v1/funnel?${q(WHOLE)}`)) as Record<string, unknown>;
    const journeys = journeysIn(h.dataset, h.link, WHOLE);
    expect(body.journeys).toBe(journeys.length);
    expect(body.steps).toEqual(expectedFunnelSteps(journeys, h.link));
    expect(body.completed).toEqual(expectedCompleted(journeys, h.link));
    const steps = body.steps as { dropped: number; failed: number }[];
    expect(steps.some((s) => s.dropped > 0) && steps.some((s) => s.failed > 0)).toBe(true);
  });

  it('takes the journeys that started in the range, whole, and groups them per channel', async () => {
    const range: Range = { from: FROM + 900_000, to: FROM + 2_700_000 };
    const body = (await ok(`/api/v1/funnel?${q(range)}&groupBy=payment.channel`)) as {
      groups: { key: Record<string, string>; journeys: number; steps: unknown[]; completed: unknown }[];
    };
    const journeys = journeysIn(h.dataset, h.link, range);
    const expected = [...groupBy(journeys, (j) => j.dims['payment.channel']!)].map(([channel, list]) => ({
      key: { 'payment.channel': channel },
      journeys: list.length,
      steps: expectedFunnelSteps(list, h.link),
      completed: expectedCompleted(list, h.link),
      value: expectedFunnelValue(list, h.link),
    }));
    expect(byJson(body.groups)).toEqual(byJson(expected));
  });

  it('filters journeys by a dimension value', async () => {
    const body = (await ok(`/api/v1/funnel?${q(WHOLE)}&payment.channel=paypal`)) as Record<string, unknown>;
    const journeys = journeysIn(h.dataset, h.link, WHOLE).filter(
      (j) => j.dims['payment.channel'] === 'paypal',
    );
    expect(body.journeys).toBe(journeys.length);
    expect(body.steps).toEqual(expectedFunnelSteps(journeys, h.link));
  });
});

describe('GET /api/v1/stuck', () => {
  it('lists journeys that paid and got no callback within the grace period, oldest first', async () => {
    const range: Range = { from: FROM - 60_000, to: NOW };
    const graceMs = 600_000;
    const body = (await ok(`/api/v1/stuck?after=channel_pay&graceMs=${graceMs}&${q(range)}&limit=1000`)) as {
      total: number;
      journeys: Record<string, unknown>[];
    };
    const a = h.link.steps.findIndex((s) => s.id === 'channel_pay');
    const nowNs = BigInt(NOW) * 1_000_000n;
    const expected = journeysIn(h.dataset, h.link, range)
      .filter(
        (j) =>
          j.succeeded[a] && !j.entered[a + 1] && j.firstOkEnd[a]! <= nowNs - BigInt(graceMs) * 1_000_000n,
      )
      .sort((x, y) =>
        x.firstOkEnd[a]! < y.firstOkEnd[a]!
          ? -1
          : x.firstOkEnd[a]! > y.firstOkEnd[a]!
            ? 1
            : x.id < y.id
              ? -1
              : 1,
      )
      .map((j) => ({
        key: j.id,
        traceIds: j.traceIds,
        lastStep: j.lastStep,
        lastSpanAt: Number(j.lastEnd / 1_000_000n) + Number(j.lastEnd % 1_000_000n) / 1e6,
        ageMs: Number(nowNs - j.firstOkEnd[a]!) / 1e6,
        succeededAt: Number(j.firstOkEnd[a]! / 1_000_000n) + Number(j.firstOkEnd[a]! % 1_000_000n) / 1e6,
        dimensions: j.dims,
        // The default link names no value.
        value: null,
        currency: '',
      }));
    expect(expected.length).toBeGreaterThan(20);
    expect(body.total).toBe(expected.length);
    expect(body.journeys).toEqual(expected);
    const limited = (await ok(
      `/api/v1/stuck?after=channel_pay&graceMs=10m&${q(range)}&limit=5`,
    )) as typeof body;
    expect(limited.journeys).toEqual(expected.slice(0, 5));
  });
});
