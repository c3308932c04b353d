import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseMetricSource } from '../server/src/alerts/clickhouse-metric-source.ts';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { funnelSteps } from '../server/src/link/definition.ts';
import { nearestRank, type Range } from './fixtures/analytics-expected.ts';
import {
  type Api,
  apiClient,
  type FunnelBody,
  getFunnel,
  getJourney,
  getStuck,
  type JourneyViewBody,
  settle,
  startJourneyPaylens,
} from './support/journey-checks.ts';
import { merge, payment, shapePlans } from './support/journey-shapes.ts';
import type { TestPaylens } from './support/paylens-harness.ts';
import { SdkSender } from './support/sdk-sender.ts';

// Issue #11: on one dataset of every journey shape (keys on entry spans or logs only, link-joined
// consumers, retries, nested calls, stuck payments), sent with the real OpenTelemetry SDK, the
// funnel, the stuck lists, the conversion alert metric and the journey views hold to one another.

const HOUR = 3_600_000;
const r: Range = { from: Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR, to: 0 };
r.to = r.from + HOUR;
const STUCK = new Set([0, 9]);
const payments = shapePlans('agree', r.from + 60_000).map(payment);
const sent = merge(
  ...payments.map((p) => p.checkout),
  ...payments.filter((_, i) => !STUCK.has(i)).map((p) => p.callback),
);

let paylens: TestPaylens;
let sender: SdkSender;
let api: Api;
let funnel: FunnelBody;
let views: Map<string, JourneyViewBody>;
beforeAll(async () => {
  paylens = await startJourneyPaylens();
  sender = new SdkSender(paylens.otlpUrl!);
  api = apiClient(paylens.apiUrl!);
  await sender.send(sent);
  await settle(paylens);
  funnel = await getFunnel(api, r);
  views = new Map();
  for (const p of payments) views.set(p.plan.key, await getJourney(api, p.plan.key));
}, 300_000);
afterAll(async () => {
  await sender?.shutdown();
  await paylens?.dispose();
});

const ok = (span: JourneyViewBody['spans'][number]) => span.status !== 'error' && !span.timeout;
const ofStep = (view: JourneyViewBody, step: string) => view.spans.filter((span) => span.step === step);

describe('funnel, stuck payments, conversion alerts and journey views on one dataset', () => {
  it('the funnel counts what the journey views show, step by step', () => {
    const all = [...views.values()].filter((view) => view.spans.some((span) => span.step));
    expect(funnel.journeys).toBe(all.length);
    for (const [k, step] of funnelSteps(paylens.link).entries()) {
      const entered = all.filter((view) => ofStep(view, step.id).length > 0);
      const succeeded = all.filter((view) => ofStep(view, step.id).some(ok));
      const previous = funnelSteps(paylens.link)[k - 1]?.id;
      expect(funnel.steps[k], step.id).toMatchObject({
        step: step.id,
        entered: entered.length,
        succeeded: succeeded.length,
        failed: entered.length - succeeded.length,
        dropped: previous
          ? all.filter((view) => ofStep(view, previous).some(ok) && ofStep(view, step.id).length === 0).length
          : 0,
        attempts: all.reduce((sum, view) => sum + ofStep(view, step.id).length, 0),
        retried: all.filter((view) => ofStep(view, step.id).length > 1).length,
      });
    }
    const last = funnelSteps(paylens.link).at(-1)!.id;
    const completed = all.filter((view) => ofStep(view, last).some(ok)).map((view) => view.durationMs);
    expect(funnel.completed.count).toBe(completed.length);
    for (const [q, perMille] of [
      ['p50', 500],
      ['p90', 900],
      ['p99', 990],
    ] as const) {
      const fromViews = nearestRank(completed, perMille)!;
      expect(Math.abs(funnel.completed[q]! - fromViews)).toBeLessThanOrEqual(Math.max(1, fromViews * 0.01));
    }
  });

  it('each stuck list holds exactly the funnel drop-off, and each stuck journey view shows why', async () => {
    let stuckSomewhere = 0;
    for (const [k, step] of funnelSteps(paylens.link).slice(0, -1).entries()) {
      const next = funnelSteps(paylens.link)[k + 1]!.id;
      // With no grace, "now" at the range's end: stuck = succeeded here, never entered the next step.
      const stuck = await getStuck(api, r, step.id, 0);
      expect(stuck.total, `after ${step.id}`).toBe(funnel.steps[k + 1]!.dropped);
      expect(stuck.journeys).toHaveLength(stuck.total);
      stuckSomewhere += stuck.total;
      for (const journey of stuck.journeys) {
        const view = views.get(journey.key) ?? (await getJourney(api, journey.key));
        expect(ofStep(view, step.id).some(ok), `${journey.key} succeeded at ${step.id}`).toBe(true);
        expect(ofStep(view, next), `${journey.key} has no ${next}`).toEqual([]);
        expect(view.traces.map((t) => t.traceId).sort()).toEqual(journey.traceIds);
      }
    }
    // The payments sent without a callback are among them.
    const stuckKeys = (await getStuck(api, r, 'channel_pay', 0)).journeys.map((j) => j.key);
    expect(stuckKeys).toEqual(
      expect.arrayContaining(payments.filter((_, i) => STUCK.has(i)).map((p) => p.plan.key)),
    );
    expect(stuckSomewhere).toBeGreaterThanOrEqual(STUCK.size);
  });

  it('the conversion alert metric over the range equals the funnel conversion from start, per step', async () => {
    // NOTE: the alert conversion metric is being moved onto the journey model (another branch);
    // if this fails on key-on-entry / log-keyed / link-joined journeys, that move is what fixes it.
    const source = createClickHouseMetricSource(
      analyticsContext({ driver: paylens.driver, link: paylens.link }),
    );
    const answers = await source.measure(
      funnelSteps(paylens.link).map((step) => ({
        step: step.id,
        metric: 'conversion' as const,
        windowMs: r.to - r.from,
        filters: {},
        groupBy: [],
      })),
      r.to,
    );
    for (const [k, groups] of answers.entries()) {
      expect(groups, funnelSteps(paylens.link)[k]!.id).toHaveLength(1);
      expect(groups[0]!.count).toBe(funnel.steps[0]!.entered);
      expect(groups[0]!.value).toBeCloseTo(funnel.steps[k]!.conversionFromStart!, 12);
    }
  });
});
