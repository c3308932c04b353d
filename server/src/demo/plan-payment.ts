import { CHANNEL_PROFILES } from './catalog.ts';
import { type ChannelResult, planChannelCalls } from './plan-channel.ts';
import { channelAttributes, httpServer, type PlanContext, TraceDraft } from './plan-draft.ts';
import { closeEntry, forwardAt, openEntry } from './plan-entry.ts';
import { planCancel } from './plan-tcc.ts';
import type { Outcome, PlannedSpan, PlannedTrace } from './plan-types.ts';
import { sample } from './traffic-model.ts';

export interface PaymentTracePlan {
  trace: PlannedTrace;
  /** The last client call to the channel: the callback comes some time after it. */
  channelSpan: PlannedSpan;
  /** Set when the payment failed synchronously (declined, timed out, channel error, cancelled). */
  outcome?: Outcome;
}

const HTTP_STATUS: Record<ChannelResult, number> = {
  paid: 200,
  declined: 402,
  timeout: 504,
  cancelled: 499,
  unavailable: 502,
};

const OUTCOME: Record<ChannelResult, Outcome | undefined> = {
  paid: undefined,
  declined: 'declined',
  timeout: 'channel_timeout',
  cancelled: 'cancelled',
  unavailable: 'channel_error',
};

/**
 * Trace 2: the shopper clicks "pay", a new request and a new trace. POST /checkout/{order_id}/pay
 * on the API gateway (the entry span, with the order id) → POST /payments on payment-svc → the
 * channel's gateway service → its client calls to the third party (`channel_pay`, sometimes
 * retried).
 */
export function planPaymentTrace(ctx: PlanContext, startMs: number): PaymentTracePlan {
  const { r, model, channel } = ctx;
  const profile = CHANNEL_PROFILES[channel];
  const dims = channelAttributes(ctx);
  const value = { 'payment.amount': ctx.amount, 'payment.currency': ctx.currency };
  const draft = new TraceDraft('payment');
  const entry = openEntry(ctx, draft, 'pay', '/checkout/{order_id}/pay', startMs);
  const paymentsStart = forwardAt(ctx, entry);
  const payments = draft.span({
    ref: 'payments',
    parentRef: entry.ref,
    service: 'payment-svc',
    name: 'POST /payments',
    kind: 'server',
    startMs: paymentsStart,
    endMs: paymentsStart,
    status: 'unset',
    attributes: { ...dims, ...value },
  });
  draft.log(
    payments,
    paymentsStart + 1,
    'INFO',
    `payment requested for order ${ctx.orderId} via ${channel}`,
    dims,
  );
  const gatewayStart = paymentsStart + sample(r, model.paymentWork);
  const gateway = draft.span({
    ref: 'gateway',
    parentRef: payments.ref,
    service: profile.gateway,
    name: 'POST /pay',
    kind: 'server',
    startMs: gatewayStart,
    endMs: gatewayStart,
    status: 'unset',
    attributes: { ...dims },
  });
  const calls = planChannelCalls(ctx, draft, gateway.ref, gatewayStart + sample(r, model.gatewayWork));
  const channelSpan = calls.attempts.at(-1)!;

  // The gateway and payment-svc answer the shopper with what the channel said last.
  const status = HTTP_STATUS[calls.result];
  gateway.endMs = channelSpan.endMs + sample(r, model.gatewayWork);
  gateway.attributes = { ...gateway.attributes, ...httpServer('/pay', '/pay', status) };
  payments.endMs = gateway.endMs + sample(r, model.paymentWork) / 2;
  if (calls.result !== 'paid') {
    // TCC Cancel: the payment failed, so the reservation made at checkout is released.
    const cancel = planCancel(ctx, draft, payments.ref, gateway.endMs + 0.3);
    payments.endMs = Math.max(payments.endMs, cancel.endMs + 0.3);
  }
  payments.attributes = { ...payments.attributes, ...httpServer('/payments', '/payments', status) };
  if (status >= 500) {
    const tries = calls.attempts.length > 1 ? ` (${calls.attempts.length} attempts)` : '';
    const message =
      calls.result === 'timeout'
        ? `${channel} did not answer within ${model.channelDeadlineMs} ms${tries}`
        : `${channel} unavailable: ${channelSpan.statusMessage}${tries}`;
    for (const span of [gateway, payments]) {
      span.status = 'error';
      span.statusMessage = message;
    }
  }
  if (calls.result === 'paid')
    draft.log(payments, payments.endMs, 'INFO', `payment accepted by ${channel}, awaiting callback`, dims);
  closeEntry(ctx, entry, payments, `/checkout/${ctx.orderId}/pay`);
  return { trace: draft.finish(), channelSpan, outcome: OUTCOME[calls.result] };
}
