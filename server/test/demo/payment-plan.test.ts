import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/demo/catalog.ts';
import { type PlanOptions, planPayment } from '../../src/demo/payment-plan.ts';
import type { PaymentPlan, PlannedSpan } from '../../src/demo/plan-types.ts';
import { BASELINE } from '../../src/demo/traffic-model.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { allSpans, outcomeOf, stepOf as stepIn } from './plan-steps.ts';

const link = loadLinkFile(DEFAULT_LINK_FILE);
const options: PlanOptions = { seed: 7, runId: 'test' };

function plans(count: number, overrides: Partial<PlanOptions> = {}): PaymentPlan[] {
  return Array.from({ length: count }, (_, i) => planPayment(i, { ...options, ...overrides }));
}

const stepOf = (span: PlannedSpan) => stepIn(span, link);
const isTimeout = (span: PlannedSpan) => outcomeOf(span, link).timeout;
const isChannelCall = (span: PlannedSpan) => /^channel\d*$/.test(span.ref);

function stepCounts(plan: PaymentPlan): Map<string, number> {
  const counts = new Map<string, number>();
  for (const span of allSpans(plan)) {
    const step = stepOf(span);
    if (step) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  return counts;
}

describe('planPayment', () => {
  const sample = plans(3000);

  it('is a pure function of the seed and the index', () => {
    expect(planPayment(17, options)).toEqual(planPayment(17, options));
    expect(planPayment(17, { ...options, seed: 8 })).not.toEqual(planPayment(17, options));
  });

  it('covers every step of dashboards/payment-link.yaml, once per paid payment (or once per attempt or delivery)', () => {
    const paid = sample.filter((plan) => plan.outcome === 'paid');
    expect(paid.length).toBeGreaterThan(2000);
    const mismatches = paid.flatMap((plan) => {
      const count = (kind: string) => plan.traces.filter((trace) => trace.kind === kind).length;
      const has = (anomaly: string) => (plan.anomalies ?? []).includes(anomaly as never);
      const consumers = count('consumer');
      // A paid payment's message lost (updateLost): no order update, Confirm or notification.
      const delivered = consumers > 0 ? 1 : 0;
      const perStep: Record<string, number> = {
        channel_pay: allSpans(plan).filter(isChannelCall).length,
        payment_callback: count('callback'),
        order_update: consumers,
        inventory_confirm: delivered * (has('confirmStorm') ? 5 : 1),
        inventory_cancel: has('cancelAfterConfirm') ? 1 : 0,
        notify: delivered,
      };
      const expected: Record<string, number> = Object.fromEntries(
        link.steps.map((step) => [step.id, perStep[step.id] ?? 1] as const).filter(([, n]) => n > 0),
      );
      // A failed delivery does not go on: notify happens once, after the successful one.
      const actual = Object.fromEntries(stepCounts(plan));
      const sorted = (counts: Record<string, number>) => JSON.stringify(Object.entries(counts).sort());
      return sorted(actual) === sorted(expected) ? [] : [{ orderId: plan.orderId, actual, expected }];
    });
    expect(mismatches).toEqual([]);
  });

  it('classifies the channel client calls, and only them, as channel_pay', () => {
    const misclassified = sample
      .flatMap(allSpans)
      .filter((span) => (stepOf(span) === 'channel_pay') !== isChannelCall(span))
      .map((span) => `${span.service} ${span.name}`);
    expect(misclassified).toEqual([]);
  });

  it('emits all services as separate resources', () => {
    const services = new Set(sample.flatMap((plan) => allSpans(plan).map((span) => span.service)));
    expect([...services].sort()).toEqual([...SERVICES].sort());
  });

  it('keeps traces well-formed: parents first, links to earlier traces, callbacks and consumers in separate traces', () => {
    const problems: string[] = [];
    for (const plan of sample) {
      const earlier = new Set<string>();
      plan.traces.forEach((trace, i) => {
        const seen = new Set<string>();
        const where = `${plan.orderId} ${trace.kind}`;
        for (const span of trace.spans) {
          if (span.parentRef && !seen.has(span.parentRef))
            problems.push(`${where}: ${span.ref} before its parent`);
          const rootKind = trace.kind === 'consumer' ? 'consumer' : 'server';
          if (!span.parentRef && span.kind !== rootKind)
            problems.push(`${where}: root ${span.ref} not a ${rootKind} span`);
          for (const ref of span.linkRefs ?? []) {
            if (!earlier.has(ref)) problems.push(`${where}: ${span.ref} links to a later span ${ref}`);
          }
          if (span.endMs < span.startMs) problems.push(`${where}: ${span.ref} ends before it starts`);
          seen.add(span.ref);
        }
        if (trace.spans.filter((span) => !span.parentRef).length !== 1)
          problems.push(`${where}: not one root`);
        for (const log of trace.logs)
          if (!seen.has(log.spanRef)) problems.push(`${where}: log outside the trace`);
        if (i > 0 && trace.endMs <= plan.traces[i - 1]!.endMs)
          problems.push(`${where}: ends before the previous trace`);
        for (const ref of seen) earlier.add(ref);
      });
      const kinds = plan.traces.map((trace) => trace.kind).join(' ');
      if (!/^checkout( payment( callback)*( consumer)*( refund( refund_callback)?)?)?$/.test(kinds))
        problems.push(`${plan.orderId}: ${kinds}`);
    }
    expect(problems).toEqual([]);
  });

  it('produces every outcome: drop-offs, rejects, declines, timeouts, cancellations and stuck payments', () => {
    const outcomes = new Map<string, number>();
    for (const plan of sample) outcomes.set(plan.outcome, (outcomes.get(plan.outcome) ?? 0) + 1);
    for (const outcome of [
      'paid',
      'abandoned',
      'risk_rejected',
      'out_of_stock',
      'declined',
      'channel_timeout',
      'channel_error',
      'cancelled',
      'callback_missing',
    ]) {
      expect(outcomes.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
    const paidShare = (outcomes.get('paid') ?? 0) / sample.length;
    expect(paidShare).toBeGreaterThan(0.8);
    expect(paidShare).toBeLessThan(0.95);
  });

  it('ends timed-out calls at the budget paylens checks against, and paylens sees them as timeouts', () => {
    const budget = (id: string) => link.steps.find((step) => step.id === id)?.timeoutMs;
    expect(BASELINE.riskDeadlineMs).toBe(budget('risk_check'));
    expect(BASELINE.channelDeadlineMs).toBe(budget('channel_pay'));
    const timedOut = sample.flatMap(allSpans).filter((span) => span.attributes['error.type'] === 'timeout');
    expect(timedOut.length).toBeGreaterThan(0);
    for (const span of timedOut) {
      // A retry has what is left of the gateway's overall budget, so it may give up sooner.
      if (span.attributes['http.request.resend_count'] === undefined)
        expect(span.endMs - span.startMs).toBeGreaterThanOrEqual(budget(stepOf(span)!)!);
      expect(isTimeout(span)).toBe(true);
    }
    const cancelled = sample
      .flatMap(allSpans)
      .filter((span) => span.attributes['error.type'] === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const span of cancelled) expect(isTimeout(span)).toBe(false);
  });
});

describe('incidents', () => {
  function channelTimeoutRate(list: PaymentPlan[], channel: string): number {
    const calls = list
      .flatMap(allSpans)
      .filter((s) => isChannelCall(s) && s.attributes['payment.channel'] === channel);
    return calls.filter(isTimeout).length / calls.length;
  }

  it('wechatpay-slow makes WeChat Pay calls time out, and only those', () => {
    const base = plans(2000);
    const slow = plans(2000, { incident: 'wechatpay-slow' });
    expect(channelTimeoutRate(base, 'wechatpay')).toBeLessThan(0.02);
    expect(channelTimeoutRate(slow, 'wechatpay')).toBeGreaterThan(0.1);
    expect(channelTimeoutRate(slow, 'alipay')).toBeLessThan(0.02);
  });

  it('risk-down fails most risk checks', () => {
    const risk = plans(1000, { incident: 'risk-down' })
      .flatMap(allSpans)
      .filter((span) => stepOf(span) === 'risk_check');
    expect(risk.filter((span) => span.status === 'error').length / risk.length).toBeGreaterThan(0.4);
  });

  it('callbacks-lost leaves Alipay payments stuck without a callback', () => {
    const alipay = plans(2000, { incident: 'callbacks-lost' }).filter(
      (plan) => plan.channel === 'alipay' && plan.traces.length >= 2 && plan.outcome !== 'declined',
    );
    const stuck = alipay.filter((plan) => plan.outcome === 'callback_missing').length;
    expect(stuck / alipay.length).toBeGreaterThan(0.4);
  });
});
