/**
 * The demo's numbers on every journey page: ~600 planned payments (a WeChat Pay slowdown with
 * retries and timeouts, Alipay callbacks lost so payments get stuck, half of them in the exporter's
 * legacy spellings) stored in a fresh embedded store, and paylens' funnel, funnel by channel, stuck
 * payments and journey views held against what the plans say per DESIGN.md ("Journeys", "Funnel",
 * "Stuck payments"), worked out in server/test/demo/expected-funnel.ts without paylens' journey code.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { funnel } from '../server/src/analytics/funnel-service.ts';
import { rangeFromMs } from '../server/src/analytics/link-spans-source.ts';
import { stuckJourneys } from '../server/src/analytics/stuck-service.ts';
import { checkSummaries, checkViolations } from '../server/src/checks/checks-service.ts';
import type { Incident } from '../server/src/demo/catalog.ts';
import { planPayment } from '../server/src/demo/payment-plan.ts';
import { planRows } from '../server/src/demo/plan-rows.ts';
import type { PaymentPlan } from '../server/src/demo/plan-types.ts';
import type { CheckDefinition } from '../server/src/link/check-schema.ts';
import { funnelSteps, linkChecks } from '../server/src/link/definition.ts';
import { createLinkSet, journeyKeyOf } from '../server/src/link/link-set.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { getJourneyView } from '../server/src/traces/journey-view-service.ts';
import { waterfallDeps } from '../server/src/traces/waterfall-deps.ts';
import type { WaterfallDeps } from '../server/src/traces/waterfall-loader.ts';
import { DEMO_REFUND_LINK_FILE } from '../server/test/demo/demo-links.ts';
import {
  completedLatenciesNs,
  expectedFunnel,
  expectedFunnelOf,
  expectedStepDetails,
  firstOkEndNs,
  journeyAttribute,
  type PlannedJourney,
  plannedJourneys,
} from '../server/test/demo/expected-funnel.ts';
import { isRefundTrace, stepOf } from '../server/test/demo/plan-steps.ts';
import type { ClickHouseDriver, SpanRow } from '../store/src/index.ts';
import { openStore } from '../store/src/open-store.ts';
import { sql } from '../store/src/sql.ts';
import { groupBy, nearestRank } from './fixtures/analytics-expected.ts';

const link = loadLinkFile(DEFAULT_LINK_FILE);
const refundLink = loadLinkFile(DEMO_REFUND_LINK_FILE);
/** The demo's links, as `paylens --demo` serves them: one store, one view classifying for both. */
const links = createLinkSet([
  { link, file: DEFAULT_LINK_FILE, nameLine: 1 },
  { link: refundLink, file: DEMO_REFUND_LINK_FILE, nameLine: 1 },
]);
const FROM_MS = Date.UTC(2026, 2, 2, 9, 0, 0);
const GRACE_MS = 60_000;
const TOP_ERRORS = 5;

interface Seeded {
  plan: PaymentPlan;
  startEpochMs: number;
  rows: SpanRow[];
  /** TraceId of each of the plan's traces, in plan order. */
  traceIds: string[];
}

// 400 payments of healthy traffic over ~13 min, 120 during a WeChat Pay slowdown among them, then
// 80 while Alipay loses callbacks (the last ones within the grace of "now"). Every other payment
// in the exporter's older enum spellings.
function seeded(): Seeded[] {
  const batch = (first: number, count: number, startS: (i: number) => number, incident?: Incident) =>
    Array.from({ length: count }, (_, i) => ({
      plan: planPayment(first + i, { seed: 7, runId: 'numbers', incident }),
      startEpochMs: FROM_MS + Math.round(startS(i) * 1000),
    }));
  return [
    ...batch(0, 400, (i) => i * 2),
    ...batch(1000, 120, (i) => 5.5 + i * 3, 'wechatpay-slow'),
    ...batch(2000, 80, (i) => 900 + i * 3, 'callbacks-lost'),
  ].map(({ plan, startEpochMs }, i) => {
    const rows = planRows(plan, { startEpochMs, spelling: i % 2 === 0 ? 'current' : 'legacy' });
    let at = 0;
    const traceIds = plan.traces.map((trace) => {
      const traceId = rows[at]!.TraceId;
      at += trace.spans.length;
      return traceId;
    });
    return { plan, startEpochMs, rows, traceIds };
  });
}

/** Spans of the plan's payment traces: they come first, its refund traces (if any) last. */
const paymentSpanCount = (plan: PaymentPlan) =>
  plan.traces.filter((trace) => !isRefundTrace(trace)).reduce((n, trace) => n + trace.spans.length, 0);

const payments = seeded();
const plans = payments.map((p) => p.plan);
const journeys = plannedJourneys(plans, link);
const startOf = new Map(payments.map((p) => [p.plan.orderId, BigInt(p.startEpochMs) * 1_000_000n]));
const absNs = (j: PlannedJourney, offsetNs: number) => startOf.get(j.plan.orderId)! + BigInt(offsetNs);
const endMsOf = (rows: readonly SpanRow[]) =>
  Math.max(...rows.map((r) => Number((BigInt(r.Timestamp) + BigInt(r.Duration)) / 1_000_000n))) + 1;
/** "Now" for the payment link: just after the last span of the seeded payments ends (refunds follow). */
const NOW_MS = endMsOf(payments.flatMap((p) => p.rows.slice(0, paymentSpanCount(p.plan))));
const range = { from: FROM_MS, to: NOW_MS };
/** The refunds' range: up to the end of the last refund. */
const REFUNDS_NOW_MS = endMsOf(payments.flatMap((p) => p.rows));
const refundRange = { from: FROM_MS, to: REFUNDS_NOW_MS };

const WAVES = 4;

/**
 * The rows as the demo delivers them: each trace once it has ended, in WAVES batches in that order;
 * but every 7th payment's consumer traces come first, before their producer (out of order, minutes
 * apart, in another batch): the journeys must come out the same.
 */
function arrivalWaves(): SpanRow[][] {
  const traces = payments.flatMap((p) => {
    let at = 0;
    return p.plan.traces.map((trace) => {
      const rows = p.rows.slice(at, at + trace.spans.length);
      at += trace.spans.length;
      const early = trace.kind === 'consumer' && p.plan.index % 7 === 0;
      return { rows, emitAt: early ? 0 : p.startEpochMs + trace.endMs };
    });
  });
  traces.sort((a, b) => a.emitAt - b.emitAt);
  const size = Math.ceil(traces.length / WAVES);
  return Array.from({ length: WAVES }, (_, w) =>
    traces.slice(w * size, (w + 1) * size).flatMap((t) => t.rows),
  );
}

let dataDir: string;
let driver: ClickHouseDriver;
const ctx = () => analyticsContext({ driver, link: links.defaultLink, links });
const refundCtx = () => analyticsContext({ driver, link: links.defaultLink, links }, links.byName('refund'));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'paylens-demo-numbers-'));
  driver = await openStore({ kind: 'embedded', dataDir }, { journeyKey: journeyKeyOf(links) });
  // The link spans view exists before the spans arrive, as on a running paylens.
  await ctx().coverage();
  await refundCtx().coverage();
  // The journey store is kept by the paylens server, catching up while spans arrive.
  for (const wave of arrivalWaves()) {
    await driver.insert({
      table: 'otel_traces',
      body: Buffer.from(wave.map((r) => JSON.stringify(r)).join('\n')),
    });
    await ctx().journeys.catchUp();
    await refundCtx().journeys.catchUp();
  }
});

afterAll(async () => {
  await driver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Within 1% or 1 ms of the exact value (DESIGN.md's quantile accuracy). */
function expectClose(actual: number | null, expectedMs: number | null, what: string) {
  if (expectedMs === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expectedMs), `${what}: ${actual} vs ${expectedMs}`).toBeLessThanOrEqual(
    Math.max(1, expectedMs * 0.01),
  );
}

const byBigInt = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

const nearestMs = (valuesNs: readonly number[], perMille: number) => {
  const v = nearestRank(valuesNs, perMille);
  return v === null ? null : v / 1e6;
};

describe('the seeded demo traffic', () => {
  it('has what the pages should show: retries, timeouts, failures, stuck and redelivered payments', () => {
    expect(arrivalWaves().flat()).toHaveLength(payments.reduce((sum, p) => sum + p.rows.length, 0));
    expect(
      payments.some((p) => p.plan.index % 7 === 0 && p.plan.traces.some((t) => t.kind === 'consumer')),
    ).toBe(true);
    const outcomes = new Set(plans.map((p) => p.outcome));
    for (const outcome of ['paid', 'callback_missing', 'channel_timeout', 'abandoned']) {
      expect(outcomes, outcome).toContain(outcome);
    }
    const retriedChannel = journeys.filter((j) => (j.byStep.get('channel_pay')?.length ?? 0) > 1);
    expect(retriedChannel.length).toBeGreaterThan(5);
    expect(plans.some((p) => p.traces.filter((t) => t.kind === 'consumer').length > 1)).toBe(true);
    expect(new Set(journeys.map((j) => journeyAttribute(j, 'payment.channel')))).toEqual(
      new Set(['alipay', 'wechatpay', 'card']),
    );
    // Every journey is one payment's, named by its order id.
    expect(journeys.map((j) => j.key).sort()).toEqual(plans.map((p) => p.orderId).sort());
  });
});

describe('funnel over the demo', () => {
  const expected = expectedFunnel(plans, link);
  const details = expectedStepDetails(journeys, link);

  it('journeys and per step entered, succeeded, failed, dropped, attempts, retried; completed', async () => {
    const result = await funnel(ctx(), { range });
    expect(result.journeys).toBe(expected.journeys);
    expect(result.journeys).toBe(plans.length);
    expect(stepCounts(result)).toEqual(expected.steps);
    expect(result.completed.count).toBe(expected.completed);
    expect(expected.steps.find((s) => s.step === 'channel_pay')!.retried).toBeGreaterThan(0);
  });

  it('waits from the previous step: never negative, overlaps counted, p50/p90 nearest-rank', async () => {
    const result = await funnel(ctx(), { range });
    expect(result.steps.map((s) => [s.step, s.overlapped])).toEqual(
      details.map((d) => [d.step, d.overlapped]),
    );
    // The channel call runs inside "create payment": every journey that got there overlaps.
    expect(details.find((d) => d.step === 'channel_pay')!.overlapped).toBeGreaterThan(0);
    result.steps.forEach((step, k) => {
      for (const wait of [step.p50MsFromPrevious, step.p90MsFromPrevious]) {
        if (wait !== null) expect(wait, step.step).toBeGreaterThanOrEqual(0);
      }
      const waits = details[k]!.waitsNs;
      expectClose(step.p50MsFromPrevious, nearestMs(waits, 500), `${step.step} wait p50`);
      expectClose(step.p90MsFromPrevious, nearestMs(waits, 900), `${step.step} wait p90`);
    });
  });

  it('top errors: failed journeys by last failing message, and failing attempts', async () => {
    const result = await funnel(ctx(), { range });
    expect(result.steps.map((s) => [s.step, s.topErrors])).toEqual(
      details.map((d) => [d.step, d.errors.slice(0, TOP_ERRORS)]),
    );
    const channel = result.steps.find((s) => s.step === 'channel_pay')!;
    expect(channel.topErrors.length).toBeGreaterThan(0);
    expect(channel.topErrors.reduce((sum, e) => sum + e.count, 0)).toBeLessThanOrEqual(channel.failed);
  });

  it('journey latency of completed journeys over all their traces, p50/p90/p99 nearest-rank', async () => {
    const result = await funnel(ctx(), { range });
    const latencies = completedLatenciesNs(journeys, link);
    expect(latencies).toHaveLength(expected.completed);
    expectClose(result.completed.p50, nearestMs(latencies, 500), 'journey p50');
    expectClose(result.completed.p90, nearestMs(latencies, 900), 'journey p90');
    expectClose(result.completed.p99, nearestMs(latencies, 990), 'journey p99');
  });

  it('grouped by payment.channel: journeys and per step entered and succeeded per group', async () => {
    const result = await funnel(ctx(), { range, groupBy: ['payment.channel'] });
    const byChannel = groupBy(journeys, (j) => journeyAttribute(j, 'payment.channel'));
    const expectedGroups = [...byChannel].map(([channel, group]) => {
      const f = expectedFunnelOf(group, link);
      return {
        key: { 'payment.channel': channel },
        journeys: f.journeys,
        steps: f.steps.map(({ step, entered, succeeded }) => ({ step, entered, succeeded })),
      };
    });
    const actual = result.groups.map((g) => ({
      key: g.key,
      journeys: g.journeys,
      steps: g.steps.map(({ step, entered, succeeded }) => ({ step, entered, succeeded })),
    }));
    const byKey = (a: { key: Record<string, string> }, b: { key: Record<string, string> }) =>
      JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1;
    expect(actual.sort(byKey)).toEqual(expectedGroups.sort(byKey));
    // The ungrouped totals are still there beside the groups.
    expect(result.journeys).toBe(plans.length);
  });
});

describe('journey rows, built and read span by span', () => {
  it('are the same journeys, one per payment (the funnel reads the built ones)', async () => {
    // Nanosecond columns as text: JSON numbers would round them.
    const columns = sql`Journey, toString(StartNs) AS StartNs, toString(EndNs) AS EndNs, Entered, Succeeded,
      Attempts, arrayMap(x -> toString(x), FirstStart) AS FirstStart,
      arrayMap(x -> toString(x), FirstOkEnd) AS FirstOkEnd, LastFailure, Dims, toString(LastSpanAt) AS LastSpanAt,
      arraySort(Traces) AS Traces, toString(Value) AS Value, Currency`;
    const read = async (spanBySpan: boolean) =>
      driver.query<Record<string, unknown>>(sql`SELECT ${columns}
        FROM ${await ctx().journeys.journeysIn(rangeFromMs(range), { spanBySpan })} ORDER BY Journey`);
    const [built, fromSpans] = await Promise.all([read(false), read(true)]);
    expect(built.map((row) => row.Journey)).toEqual(plans.map((p) => p.orderId).sort());
    expect(built).toEqual(fromSpans);
    const [stored] = await driver.query<{ n: string }>(sql`SELECT toString(count()) AS n
      FROM paylens_journeys FINAL WHERE LinkVersion = ${ctx().journeys.version}`);
    expect(Number(stored?.n)).toBe(plans.length);
    // Each journey's extent is its payment's, over all its traces (its refund is a journey apart),
    // and it is worth the payment's amount.
    for (const row of built) {
      const p = payments.find((x) => x.plan.orderId === row.Journey)!;
      expect([row.Value, row.Currency]).toEqual([String(p.plan.amount), p.plan.currency]);
      const rows = p.rows.slice(0, paymentSpanCount(p.plan));
      const starts = rows.map((r) => BigInt(r.Timestamp));
      const ends = rows.map((r) => BigInt(r.Timestamp) + BigInt(r.Duration));
      expect([row.StartNs, row.EndNs]).toEqual([
        String(starts.sort(byBigInt)[0]),
        String(ends.sort(byBigInt).at(-1)),
      ]);
    }
  });
});

describe('stuck payments over the demo', () => {
  const stepIds = link.steps.map((s) => s.id);
  const next = stepIds[stepIds.indexOf('payment_callback') - 1]!;

  it('lists the journeys that succeeded before the callback and never got one within the grace', async () => {
    expect(next).toBe('channel_pay');
    const deadlineNs = BigInt(NOW_MS) * 1_000_000n - BigInt(GRACE_MS) * 1_000_000n;
    const succeededNoCallback = journeys
      .filter((j) => firstOkEndNs(j, next, link) !== undefined && !j.byStep.has('payment_callback'))
      .map((j) => ({ key: j.key, okEndNs: absNs(j, firstOkEndNs(j, next, link)!) }));
    const stuck = succeededNoCallback
      .filter((j) => j.okEndNs <= deadlineNs)
      .sort((a, b) => (a.okEndNs < b.okEndNs ? -1 : a.okEndNs > b.okEndNs ? 1 : a.key < b.key ? -1 : 1));
    // Lost callbacks, some of them too recent to call stuck yet.
    expect(stuck.length).toBeGreaterThan(10);
    expect(succeededNoCallback.length).toBeGreaterThan(stuck.length);
    expect(stuck.every((s) => plans.find((p) => p.orderId === s.key)!.outcome === 'callback_missing')).toBe(
      true,
    );

    const result = await stuckJourneys(ctx(), { after: next, graceMs: GRACE_MS, range, limit: 1000 });
    expect(result.next).toBe('payment_callback');
    expect(result.total).toBe(stuck.length);
    expect(result.journeys.map((j) => j.key)).toEqual(stuck.map((s) => s.key));
    for (const [i, j] of result.journeys.entries()) {
      const ms = Number(stuck[i]!.okEndNs) / 1e6;
      expect(Math.abs(j.succeededAt - ms)).toBeLessThan(0.001);
      expect(j.dimensions['payment.channel']).toBe(plans.find((p) => p.orderId === j.key)!.channel);
    }

    const listed = await stuckJourneys(ctx(), { after: next, graceMs: GRACE_MS, range, limit: 10 });
    expect(listed.total).toBe(stuck.length);
    expect(listed.journeys.map((j) => j.key)).toEqual(stuck.slice(0, 10).map((s) => s.key));
  });
});

describe('journey views over the demo', () => {
  const deps = (): WaterfallDeps =>
    waterfallDeps(
      driver,
      link,
      () => NOW_MS,
      () => undefined,
    );
  const pick = (test: (p: Seeded) => boolean, what: string) => {
    const found = payments.find(test);
    if (!found) throw new Error(`no seeded payment ${what}`);
    return found;
  };
  const consumers = (p: Seeded) => p.plan.traces.filter((t) => t.kind === 'consumer').length;
  const callbacks = (p: Seeded) => p.plan.traces.filter((t) => t.kind === 'callback').length;
  const chosen = [
    pick((p) => p.plan.outcome === 'paid' && consumers(p) === 1 && callbacks(p) === 1, 'paid'),
    pick((p) => consumers(p) > 1, 'with a redelivered event'),
    pick((p) => callbacks(p) > 1, 'with a redelivered webhook'),
    pick((p) => p.plan.outcome === 'callback_missing', 'stuck'),
    pick((p) => p.plan.outcome === 'channel_timeout', 'timed out'),
    pick((p) => p.plan.traces.length === 1, 'with one trace'),
  ];

  it.each(chosen.map((p) => [p.plan.orderId, p] as const))(
    '%s: every trace, consumers joined by link',
    async (key, p) => {
      const refs = await ctx().journeys.tracesOf(key);
      const view = await getJourneyView(deps(), link.journeyKey, key, refs, { offset: 0, limit: 10_000 });
      const producerTrace = (ref: string) =>
        p.traceIds[p.plan.traces.findIndex((t) => t.spans.some((s) => s.ref === ref))]!;
      const expectedRefs = p.plan.traces
        .map((trace, i) => {
          if (trace.kind !== 'consumer') return { traceId: p.traceIds[i]!, via: 'key' };
          const producer = trace.spans.flatMap((s) => s.linkRefs ?? [])[0]!;
          return { traceId: p.traceIds[i]!, via: 'link', linkedFrom: producerTrace(producer) };
        })
        .sort((a, b) => (a.traceId < b.traceId ? -1 : 1));
      expect([...view.traceIds].sort()).toEqual([...p.traceIds].sort());
      expect([...view.traces].sort((a, b) => (a.traceId < b.traceId ? -1 : 1))).toEqual(expectedRefs);
      expect(view.totalSpans).toBe(p.rows.length);
      expect(view.spans.map((s) => s.spanId).sort()).toEqual(p.rows.map((r) => r.SpanId).sort());
      const stepsOf = (spans: { step: string | null }[]) => spans.map((s) => s.step ?? '').sort();
      expect(stepsOf(view.spans)).toEqual(
        stepsOf(p.plan.traces.flatMap((t) => t.spans).map((s) => ({ step: stepOf(s, link) ?? null }))),
      );
    },
  );
});

describe('consistency checks over the demo', () => {
  /** The anomaly the simulator injects for each check of the demo link. */
  const ANOMALY: Record<string, string> = {
    double_charge: 'doubleCharge',
    cancel_after_confirm: 'cancelAfterConfirm',
    empty_rollback: 'emptyRollback',
    confirm_storm: 'confirmStorm',
    paid_not_updated: 'updateLost',
  };

  /** A journey with the anomaly violates its check, once its window (if any) has passed by "now". */
  function expectedViolators(check: CheckDefinition): string[] {
    return journeys
      .filter((j) => (j.plan.anomalies ?? []).includes(ANOMALY[check.id] as never))
      .filter((j) => {
        if (check.kind !== 'followedBy') return true;
        const callbacks = (j.byStep.get(check.step) ?? []).filter((span) => span.status !== 'error');
        const endNs = absNs(j, Math.round(callbacks[0]!.endMs * 1e6));
        return endNs + BigInt(check.withinMs) * 1_000_000n <= BigInt(NOW_MS) * 1_000_000n;
      })
      .map((j) => j.key)
      .sort();
  }

  it('every check of the demo link fires, on exactly the journeys the simulator injected its anomaly into', async () => {
    const result = await checkSummaries(ctx(), { range, nowMs: NOW_MS });
    expect(result.checks.map((c) => c.id)).toEqual(linkChecks(link).map((c) => c.id));
    for (const check of linkChecks(link)) {
      const got = result.checks.find((c) => c.id === check.id)!;
      const violators = expectedViolators(check);
      expect(violators.length, `${check.id} fires in the demo`).toBeGreaterThan(0);
      expect(got.journeys, check.id).toBe(journeys.filter((j) => j.byStep.has(check.step)).length);
      expect(got.violations, check.id).toBe(violators.length);
      const listed = await checkViolations(ctx(), { check, range, nowMs: NOW_MS, limit: 1000 });
      expect(listed.violations.map((v) => v.key).sort(), check.id).toEqual(violators);
      // Each violation carries what its payment is worth (the link's value), as the simulator sent it.
      for (const v of listed.violations) {
        const plan = plans.find((p) => p.orderId === v.key)!;
        expect({ value: v.value, currency: v.currency }, `${check.id} ${v.key}`).toEqual({
          value: String(plan.amount),
          currency: plan.currency,
        });
      }
    }
  });
});
/** Exact decimal sums per currency, the test's own (BigInt cents, apart from paylens' decimals). */
function sumsByCurrency(items: readonly { currency: string; amount: string }[]): Record<string, string> {
  const cents = new Map<string, bigint>();
  for (const { currency, amount } of items) {
    const [whole, fraction = ''] = amount.split('.');
    const value = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
    cents.set(currency, (cents.get(currency) ?? 0n) + value);
  }
  const text = (c: bigint) => {
    const rest = (c % 100n).toString().padStart(2, '0').replace(/0+$/, '');
    return rest ? `${c / 100n}.${rest}` : `${c / 100n}`;
  };
  return Object.fromEntries([...cents].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, text(v)]));
}

/** A plan's amount as the demo sends it: a number, in its shortest decimal form (at most cents). */
const paymentAmount = (plan: PaymentPlan) => String(plan.amount);

/** A funnel's per-step counts, the fields the plans predict. */
function stepCounts(result: Awaited<ReturnType<typeof funnel>>) {
  return result.steps.map(({ step, entered, succeeded, failed, dropped, attempts, retried }) => ({
    step,
    entered,
    succeeded,
    failed,
    dropped,
    attempts,
    retried,
  }));
}

describe('what the demo payments are worth', () => {
  it('sums each journey value per currency, over all journeys and the completed ones', async () => {
    const result = await funnel(ctx(), { range });
    const last = funnelSteps(link).at(-1)!.id;
    const completed = journeys.filter((j) => expectedFunnelOf([j], link).completed === 1);
    expect(completed.length).toBe(result.completed.count);
    const all = sumsByCurrency(plans.map((p) => ({ currency: p.currency, amount: paymentAmount(p) })));
    const done = sumsByCurrency(
      completed.map((j) => ({ currency: j.plan.currency, amount: paymentAmount(j.plan) })),
    );
    expect(Object.keys(all)).toEqual(['CNY', 'USD']);
    expect(result.value).toEqual(
      Object.keys(all).map((currency) => ({
        currency,
        journeys: all[currency],
        completed: done[currency] ?? '0',
      })),
    );
    // Per step: what the journeys that entered it, and those dropped before it, are worth.
    for (const [k, step] of funnelSteps(link).entries()) {
      const entered = journeys.filter((j) => j.byStep.has(step.id));
      const expectedEntered = sumsByCurrency(
        entered.map((j) => ({ currency: j.plan.currency, amount: paymentAmount(j.plan) })),
      );
      const shown = Object.fromEntries(result.steps[k]!.value.map((v) => [v.currency, v.entered]));
      expect(Object.fromEntries(Object.entries(shown).filter(([, v]) => v !== '0')), step.id).toEqual(
        expectedEntered,
      );
    }
    expect(last).toBe('notify');
  });

  it('puts a value at risk on the stuck payments: all of them, not only those listed', async () => {
    const listed = await stuckJourneys(ctx(), { after: 'channel_pay', graceMs: GRACE_MS, range, limit: 3 });
    const all = await stuckJourneys(ctx(), { after: 'channel_pay', graceMs: GRACE_MS, range, limit: 1000 });
    expect(listed.total).toBeGreaterThan(3);
    const planOf = (key: string) => plans.find((p) => p.orderId === key)!;
    expect(listed.valueAtRisk).toEqual(
      Object.entries(
        sumsByCurrency(
          all.journeys.map((j) => ({
            currency: planOf(j.key).currency,
            amount: paymentAmount(planOf(j.key)),
          })),
        ),
      ).map(([currency, amount]) => ({ currency, amount })),
    );
    for (const j of listed.journeys) {
      expect(j.value).toBe(paymentAmount(planOf(j.key)));
      expect(j.currency).toBe(planOf(j.key).currency);
    }
  });
});

describe('refunds over the demo: the refund link beside the payment link', () => {
  const refunded = plans.filter((p) => p.refund);
  const refundJourneys = plannedJourneys(plans, refundLink);

  it('counts the refund journeys per step as the plans say, and what they are worth', async () => {
    expect(refunded.length).toBeGreaterThan(30);
    const expected = expectedFunnel(plans, refundLink);
    expect(expected.journeys).toBe(refunded.length);
    const result = await funnel(refundCtx(), { range: refundRange });
    expect(result.journeys).toBe(expected.journeys);
    expect(stepCounts(result)).toEqual(expected.steps);
    expect(result.completed.count).toBe(expected.completed);
    const worth = sumsByCurrency(
      refunded.map((p) => ({ currency: p.currency, amount: p.refund!.amount.toFixed(2) })),
    );
    expect(Object.fromEntries(result.value.map((v) => [v.currency, v.journeys]))).toEqual(worth);
    // The payment link's funnel is the payments' alone: no refund journey in it.
    expect((await funnel(ctx(), { range: refundRange })).journeys).toBe(plans.length);
  });

  it('lists the refunds whose callback never came as stuck after the channel, with their value at risk', async () => {
    const deadlineNs = BigInt(REFUNDS_NOW_MS - GRACE_MS) * 1_000_000n;
    const stuck = refundJourneys.filter((j) => {
      const end = firstOkEndNs(j, 'refund_channel', refundLink);
      return end !== undefined && !j.byStep.has('refund_callback') && absNs(j, end) <= deadlineNs;
    });
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.every((j) => j.plan.refund!.outcome === 'refund_callback_missing')).toBe(true);
    const result = await stuckJourneys(refundCtx(), {
      after: 'refund_channel',
      graceMs: GRACE_MS,
      range: refundRange,
      limit: 1000,
    });
    expect(result.journeys.map((j) => j.key).sort()).toEqual(stuck.map((j) => j.key).sort());
    expect(result.valueAtRisk).toEqual(
      Object.entries(
        sumsByCurrency(
          stuck.map((j) => ({ currency: j.plan.currency, amount: j.plan.refund!.amount.toFixed(2) })),
        ),
      ).map(([currency, amount]) => ({ currency, amount })),
    );
  });
});
