import { describe, expect, it } from 'vitest';
import { type PlanOptions, planPayment } from '../../src/demo/payment-plan.ts';
import type { PaymentPlan, PlannedSpan } from '../../src/demo/plan-types.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { DEMO_REFUND_LINK_FILE } from './demo-links.ts';
import { journeysOf } from './expected-funnel.ts';
import { allSpans, isRefundTrace, keyOf, stepOf, withoutRefund } from './plan-steps.ts';

/** How the demo instruments payments: keys, traces, links and retries, as real systems do. */

const link = loadLinkFile(DEFAULT_LINK_FILE);
const options: PlanOptions = { seed: 23, runId: 'shape' };
const planned: PaymentPlan[] = Array.from({ length: 3000 }, (_, i) => planPayment(i, options));
/** The payments as the payment link sees them (refunds are journeys of the refund link). */
const sample = planned.map(withoutRefund);
const channelCalls = (plan: PaymentPlan) => allSpans(plan).filter((s) => stepOf(s, link) === 'channel_pay');

describe('journey keys', () => {
  it('sit on the entry span of each checkout, payment and callback trace, and nowhere else', () => {
    const problems: string[] = [];
    for (const plan of sample) {
      for (const trace of plan.traces) {
        for (const span of trace.spans) {
          const entry = !span.parentRef && trace.kind !== 'consumer';
          const key = keyOf(span, link);
          if (entry && key !== plan.orderId) problems.push(`${plan.orderId} ${span.ref}: entry without key`);
          if (!entry && key !== undefined) problems.push(`${plan.orderId} ${span.ref}: key below the entry`);
          if (entry && (span.service !== 'api-gateway' || stepOf(span, link)))
            problems.push(`${plan.orderId} ${span.ref}: entry is not the gateway's non-step span`);
        }
        for (const log of trace.logs)
          if (link.journeyKey.some((name) => name in log.attributes))
            problems.push(`${plan.orderId} log on ${log.spanRef}: key attribute`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('leave no step span with a key: every step is reached through its trace or a link', () => {
    const keyed = sample.flatMap(allSpans).filter((s) => stepOf(s, link) && keyOf(s, link));
    expect(keyed).toEqual([]);
  });

  it('join each payment into exactly one journey, named by its order id', () => {
    const journeys = journeysOf(sample, link);
    expect([...journeys.keys()].sort()).toEqual(sample.map((plan) => plan.orderId).sort());
    for (const plan of sample) expect(journeys.get(plan.orderId)).toHaveLength(allSpans(plan).length);
  });
});

describe('refunds', () => {
  const refundLink = loadLinkFile(DEMO_REFUND_LINK_FILE);
  const refunded = planned.filter((plan) => plan.refund);

  it('come after some paid payments, each its own journey of the refund link, named by its refund id', () => {
    expect(refunded.length).toBeGreaterThan(100);
    expect(refunded.every((plan) => plan.outcome === 'paid')).toBe(true);
    const journeys = journeysOf(refunded, refundLink);
    const keyed = [...journeys.keys()].filter((key) => key.startsWith('rfd_')).sort();
    expect(keyed).toEqual(refunded.map((plan) => plan.refund!.refundId).sort());
    for (const plan of refunded) {
      const spans = plan.traces.filter(isRefundTrace).flatMap((trace) => trace.spans);
      expect(journeys.get(plan.refund!.refundId)).toEqual(spans);
    }
  });

  it('are steps of the refund link only, and never of the payment link', () => {
    const refundSpans = refunded.flatMap((plan) => plan.traces.filter(isRefundTrace).flatMap((t) => t.spans));
    expect(refundSpans.filter((span) => stepOf(span, link))).toEqual([]);
    const steps = new Set(refundSpans.map((span) => stepOf(span, refundLink)).filter(Boolean));
    expect([...steps].sort()).toEqual([
      'refund_callback',
      'refund_channel',
      'refund_notify',
      'refund_request',
    ]);
    const outcomes = new Set(refunded.map((plan) => plan.refund!.outcome));
    expect([...outcomes].sort()).toEqual(['refund_callback_missing', 'refund_rejected', 'refunded']);
  });
});

describe('the asynchronous hop', () => {
  const paid = sample.filter((plan) => plan.outcome === 'paid');

  it('puts each delivery of payment.succeeded in a trace of its own, linked once to its producer', () => {
    const problems: string[] = [];
    for (const plan of paid) {
      const producers = allSpans(plan).filter((s) => s.kind === 'producer');
      const consumers = plan.traces.filter((trace) => trace.kind === 'consumer');
      if (producers.length !== 1) problems.push(`${plan.orderId}: ${producers.length} producers`);
      if (consumers.length < 1 && !plan.anomalies?.includes('updateLost'))
        problems.push(`${plan.orderId}: no consumer trace`);
      for (const trace of consumers) {
        const links = trace.spans.flatMap((s) => s.linkRefs ?? []);
        const root = trace.spans.find((s) => !s.parentRef);
        if (links.length !== 1 || root?.linkRefs?.[0] !== producers[0]?.ref)
          problems.push(`${plan.orderId}: consumer links ${links}`);
        if (root?.kind !== 'consumer') problems.push(`${plan.orderId}: consumer root ${root?.kind}`);
        if (trace.spans.some((s) => keyOf(s, link) !== undefined)) problems.push(`${plan.orderId}: key`);
        if (root && producers[0] && root.startMs < producers[0].endMs)
          problems.push(`${plan.orderId}: consumed before it was published`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('holds real funnel steps in the linked traces: order_update and notify', () => {
    const steps = new Set(
      paid.flatMap((plan) =>
        plan.traces.filter((t) => t.kind === 'consumer').flatMap((t) => t.spans.map((s) => stepOf(s, link))),
      ),
    );
    // inventory_cancel: a late Cancel after the Confirm (an injected anomaly).
    expect([...steps].filter(Boolean).sort()).toEqual([
      'inventory_cancel',
      'inventory_confirm',
      'notify',
      'order_update',
    ]);
    const redelivered = paid.filter((plan) => plan.traces.filter((t) => t.kind === 'consumer').length > 1);
    expect(redelivered.length).toBeGreaterThan(0);
  });

  it('matches no step with the queue, gateway and database spans', () => {
    const plumbing = sample
      .flatMap(allSpans)
      .filter(
        (s) =>
          s.kind === 'producer' ||
          s.kind === 'consumer' ||
          s.service === 'api-gateway' ||
          s.name.startsWith('UPDATE'),
      );
    expect(plumbing.length).toBeGreaterThan(0);
    expect(plumbing.filter((s) => stepOf(s, link)).map((s) => `${s.service} ${s.name}`)).toEqual([]);
  });
});

describe('retried channel calls', () => {
  const reached = sample.filter((plan) => channelCalls(plan).length > 0);
  const retried = reached.filter((plan) => channelCalls(plan).length > 1);
  /** Retries after a failure (a hedged retry charging twice is an injected anomaly, below). */
  const afterFailure = retried.filter((plan) => !plan.anomalies?.includes('doubleCharge'));

  it('retry a few percent of payments, never more than once', () => {
    const rate = retried.length / reached.length;
    expect(rate).toBeGreaterThan(0.015);
    expect(rate).toBeLessThan(0.06);
    expect(reached.every((plan) => channelCalls(plan).length <= 2)).toBe(true);
  });

  it('retry only a timeout or a "busy" answer, as a sequential sibling of the failed attempt', () => {
    const problems: string[] = [];
    for (const plan of afterFailure) {
      const [first, second] = channelCalls(plan) as [PlannedSpan, PlannedSpan];
      const type = String(first.attributes['error.type']);
      if (first.status !== 'error' || ['declined', 'cancelled'].includes(type))
        problems.push(`${plan.orderId}: retried a ${type}`);
      if (first.parentRef !== second.parentRef) problems.push(`${plan.orderId}: not siblings`);
      if (second.startMs < first.endMs) problems.push(`${plan.orderId}: attempts overlap`);
      if (second.attributes['http.request.resend_count'] !== 1)
        problems.push(`${plan.orderId}: resend count`);
    }
    expect(problems).toEqual([]);
  });

  it('sometimes after a timeout, sometimes after a channel error; some retries fail again', () => {
    const firstType = (plan: PaymentPlan) => String(channelCalls(plan)[0]!.attributes['error.type']);
    expect(afterFailure.filter((plan) => firstType(plan) === 'timeout').length).toBeGreaterThan(0);
    expect(afterFailure.filter((plan) => firstType(plan) !== 'timeout').length).toBeGreaterThan(0);
    const failedAgain = afterFailure.filter((plan) => channelCalls(plan)[1]!.status === 'error');
    expect(failedAgain.length).toBeGreaterThan(0);
    expect(failedAgain.length).toBeLessThan(afterFailure.length / 2);
  });

  it('charge twice now and then: a retry sent while the first call was still charging, both succeeding', () => {
    const twice = retried.filter((plan) => plan.anomalies?.includes('doubleCharge'));
    expect(twice.length).toBeGreaterThan(0);
    for (const plan of twice) {
      const [first, second] = channelCalls(plan) as [PlannedSpan, PlannedSpan];
      expect([first.status, second.status]).toEqual(['unset', 'unset']);
      expect(second.startMs).toBeGreaterThan(first.startMs);
      expect(second.startMs).toBeLessThan(first.endMs);
      expect(second.attributes['http.request.resend_count']).toBe(1);
    }
  });
});

describe('references', () => {
  it('resolve: parents in the same trace, links to spans of an earlier trace of the payment', () => {
    const problems: string[] = [];
    for (const plan of sample) {
      const refs = allSpans(plan).map((s) => s.ref);
      if (new Set(refs).size !== refs.length) problems.push(`${plan.orderId}: duplicate refs`);
      const earlier = new Set<string>();
      for (const trace of plan.traces) {
        const own = new Set(trace.spans.map((s) => s.ref));
        for (const span of trace.spans) {
          if (span.parentRef && !own.has(span.parentRef))
            problems.push(`${plan.orderId} ${span.ref}: parent`);
          for (const ref of span.linkRefs ?? [])
            if (!earlier.has(ref)) problems.push(`${plan.orderId} ${span.ref}: link ${ref}`);
        }
        for (const ref of own) earlier.add(ref);
      }
    }
    expect(problems).toEqual([]);
  });
});
