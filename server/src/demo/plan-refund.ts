import { CHANNEL_PROFILES } from './catalog.ts';
import { type PlanContext, TraceDraft } from './plan-draft.ts';
import type { Attributes, PlannedTrace } from './plan-types.ts';
import type { Random } from './random.ts';

/** How a refund ended: refunded, refused by the channel, or never confirmed (stuck "refunding"). */
export type RefundOutcome = 'refunded' | 'refund_rejected' | 'refund_callback_missing';

export interface RefundPlan {
  refundId: string;
  /** What is refunded: the whole payment, or part of it (to the cent). */
  amount: number;
  outcome: RefundOutcome;
  traces: PlannedTrace[];
}

/** Paid payments that are refunded, and how refunds go. */
const REFUND_CHANCE = 0.12;
const PARTIAL_CHANCE = 0.4;
const REJECTED_CHANCE = 0.08;
const CALLBACK_MISSING_CHANCE = 0.06;

export function refundIdFor(orderId: string): string {
  return orderId.replace(/^ord_/, 'rfd_');
}

/**
 * A refund of a paid payment, as the refund link (dashboards/refund-link.yaml) sees it, in traces of
 * its own keyed by the refund id (never the order id: a refund is a journey of its own):
 * POST /refunds on the API gateway → POST /refunds on payment-svc (`refund_request`) → the channel's
 * refund call (`refund_channel`); later the channel's refund webhook → POST /refund-callbacks/{channel}
 * (`refund_callback`) → the customer told (`refund_notify`). Drawn from its own random stream, so
 * adding refunds changed no payment. Undefined when the payment is not refunded.
 */
export function planRefund(ctx: PlanContext, r: Random, paidAtMs: number): RefundPlan | undefined {
  if (!r.chance(REFUND_CHANCE)) return undefined;
  const { channel } = ctx;
  const profile = CHANNEL_PROFILES[channel];
  const refundId = refundIdFor(ctx.orderId);
  const amount = r.chance(PARTIAL_CHANCE) ? Math.round(ctx.amount * 50) / 100 : ctx.amount;
  const key: Attributes = { 'refund.id': refundId, 'refund.order_id': ctx.orderId };
  const value: Attributes = { 'refund.amount': amount.toFixed(2), 'refund.currency': ctx.currency };
  const dims: Attributes = { 'refund.channel': channel };

  const request = new TraceDraft('refund');
  const startMs = paidAtMs + 20_000 + r.next() * 100_000;
  const entry = request.span({
    ref: 'refund-entry',
    service: 'api-gateway',
    name: 'POST /refunds',
    kind: 'server',
    startMs,
    endMs: startMs,
    status: 'unset',
    attributes: { ...key, ...value, ...dims, 'http.route': '/refunds' },
  });
  const refunds = request.span({
    ref: 'refund-request',
    parentRef: entry.ref,
    service: 'payment-svc',
    name: 'POST /refunds',
    kind: 'server',
    startMs: startMs + 2 + r.next() * 3,
    endMs: 0,
    status: 'unset',
    attributes: { ...dims },
  });
  const rejected = r.chance(REJECTED_CHANCE);
  const callStart = refunds.startMs + 15 + r.next() * 20;
  const call = request.span({
    ref: 'refund-call',
    parentRef: refunds.ref,
    service: profile.gateway,
    name: `${channel}.refund`,
    kind: 'client',
    startMs: callStart,
    endMs: callStart + 120 + r.lognormal(250, 0.5),
    status: rejected ? 'error' : 'ok',
    statusMessage: rejected ? 'refund rejected: payment already settled' : undefined,
    attributes: { ...dims, 'peer.service': profile.peerService, 'server.address': profile.serverAddress },
  });
  refunds.endMs = call.endMs + 3 + r.next() * 5;
  if (rejected) {
    refunds.status = 'error';
    refunds.statusMessage = call.statusMessage;
  }
  entry.endMs = refunds.endMs + 1;
  const requestTrace = request.finish();
  if (rejected) return { refundId, amount, outcome: 'refund_rejected', traces: [requestTrace] };
  if (r.chance(CALLBACK_MISSING_CHANCE))
    return { refundId, amount, outcome: 'refund_callback_missing', traces: [requestTrace] };

  const confirm = new TraceDraft('refund_callback');
  const cbStart = call.endMs + 2_000 + r.lognormal(6_000, 0.6);
  const hook = confirm.span({
    ref: 'refund-webhook',
    service: 'api-gateway',
    name: 'POST /webhooks/{channel}/refunds',
    kind: 'server',
    startMs: cbStart,
    endMs: 0,
    status: 'unset',
    attributes: { ...key, ...dims, 'http.route': '/webhooks/{channel}/refunds' },
  });
  const callback = confirm.span({
    ref: 'refund-callback',
    parentRef: hook.ref,
    service: 'payment-svc',
    name: `POST /refund-callbacks/${channel}`,
    kind: 'server',
    startMs: cbStart + 2,
    endMs: cbStart + 20 + r.next() * 30,
    status: 'ok',
    attributes: { ...dims },
  });
  const notify = confirm.span({
    ref: 'refund-notify',
    parentRef: callback.ref,
    service: 'notification-svc',
    name: 'refund.notify',
    kind: 'client',
    startMs: callback.endMs - 5,
    endMs: callback.endMs + 40 + r.next() * 80,
    status: 'ok',
    attributes: { ...dims },
  });
  hook.endMs = notify.endMs + 2;
  return { refundId, amount, outcome: 'refunded', traces: [requestTrace, confirm.finish()] };
}
