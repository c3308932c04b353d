import { CHANNEL_PROFILES } from './catalog.ts';
import { httpServer, journeyAttributes, type PlanContext, TraceDraft, timeoutEvent } from './plan-draft.ts';
import type { Outcome, PlannedSpan, PlannedTrace } from './plan-types.ts';
import { sample } from './traffic-model.ts';

export interface PaymentTracePlan {
  trace: PlannedTrace;
  /** The client call to the channel; callbacks link to it. */
  channelSpan: PlannedSpan;
  /** Set when the payment failed synchronously (declined, timed out, cancelled). */
  outcome?: Outcome;
}

type ChannelResult = 'paid' | 'declined' | 'timeout' | 'cancelled';

/**
 * Trace 2: the shopper clicks "pay". POST /payments on payment-svc → the channel's gateway
 * service → the client call to the third party (the `channel_pay` step). A new trace, linked to
 * the order's, because it is a new request from the shopper's app.
 */
export function planPaymentTrace(ctx: PlanContext, startMs: number): PaymentTracePlan {
  const { r, model, channel } = ctx;
  const profile = CHANNEL_PROFILES[channel];
  const journey = journeyAttributes(ctx);
  const draft = new TraceDraft('payment');
  const payments = draft.span({
    ref: 'payments',
    linkRefs: ['orders'],
    service: 'payment-svc',
    name: 'POST /payments',
    kind: 'server',
    startMs,
    endMs: startMs,
    status: 'unset',
    attributes: { ...journey, 'payment.amount': ctx.amount, 'payment.currency': 'CNY' },
  });
  draft.log(
    payments,
    startMs + 1,
    'INFO',
    `payment requested for order ${ctx.orderId} via ${channel}`,
    journey,
  );
  const gatewayStart = startMs + sample(r, model.paymentWork);
  const gateway = draft.span({
    ref: 'gateway',
    parentRef: 'payments',
    service: profile.gateway,
    name: 'POST /pay',
    kind: 'server',
    startMs: gatewayStart,
    endMs: gatewayStart,
    status: 'unset',
    attributes: { ...journey },
  });
  const callStart = gatewayStart + sample(r, model.gatewayWork);
  const channelSpan = draft.span({
    ref: 'channel',
    parentRef: 'gateway',
    service: profile.gateway,
    name: profile.operation,
    kind: 'client',
    startMs: callStart,
    endMs: callStart,
    status: 'unset',
    attributes: {
      ...journey,
      'peer.service': profile.peerService,
      'server.address': profile.serverAddress,
      'server.port': 443,
      'http.request.method': 'POST',
    },
  });

  const deadline = model.channelDeadlineMs;
  const durationMs = sample(r, model.channel[channel]);
  let result: ChannelResult = 'paid';
  if (r.chance(model.cancelChance)) {
    result = 'cancelled';
    channelSpan.endMs = callStart + Math.min(durationMs, deadline) * r.next();
    channelSpan.status = 'error';
    channelSpan.statusMessage = 'context canceled: the shopper closed the payment page';
    channelSpan.attributes['error.type'] = 'cancelled';
  } else if (durationMs >= deadline) {
    result = 'timeout';
    channelSpan.endMs = callStart + deadline + r.next() * 3;
    channelSpan.status = 'error';
    channelSpan.statusMessage = `${profile.operation} timed out after ${deadline} ms`;
    channelSpan.attributes['error.type'] = 'timeout';
    channelSpan.events = [timeoutEvent(channelSpan.endMs, channelSpan.statusMessage)];
    draft.log(channelSpan, channelSpan.endMs, 'ERROR', channelSpan.statusMessage, journey);
  } else if (r.chance(model.declineChance[channel])) {
    result = 'declined';
    channelSpan.endMs = callStart + durationMs;
    channelSpan.status = 'error';
    channelSpan.statusMessage = profile.declineMessage;
    channelSpan.attributes['error.type'] = 'declined';
    channelSpan.attributes['payment.decline_code'] = profile.declineCode;
    channelSpan.attributes['http.response.status_code'] = 200;
    draft.log(
      channelSpan,
      channelSpan.endMs,
      'WARN',
      `payment declined by ${channel}: ${profile.declineMessage}`,
      journey,
    );
  } else {
    channelSpan.endMs = callStart + durationMs;
    channelSpan.attributes['http.response.status_code'] = 200;
    if (durationMs > deadline / 2) {
      draft.log(
        channelSpan,
        channelSpan.endMs,
        'WARN',
        `slow ${channel} response: ${Math.round(durationMs)} ms`,
        journey,
      );
    }
  }

  // The gateway and payment-svc answer the shopper with what the channel said.
  const status = { paid: 200, declined: 402, timeout: 504, cancelled: 499 }[result];
  gateway.endMs = channelSpan.endMs + sample(r, model.gatewayWork);
  gateway.attributes = { ...gateway.attributes, ...httpServer('/pay', '/pay', status) };
  payments.endMs = gateway.endMs + sample(r, model.paymentWork) / 2;
  payments.attributes = { ...payments.attributes, ...httpServer('/payments', '/payments', status) };
  if (result === 'timeout') {
    for (const span of [gateway, payments]) {
      span.status = 'error';
      span.statusMessage = `${channel} did not answer within ${deadline} ms`;
    }
  }
  if (result === 'paid')
    draft.log(payments, payments.endMs, 'INFO', `payment accepted by ${channel}, awaiting callback`, journey);
  const outcome: Outcome | undefined =
    result === 'paid' ? undefined : result === 'timeout' ? 'channel_timeout' : result;
  return { trace: draft.finish(), channelSpan, outcome };
}
