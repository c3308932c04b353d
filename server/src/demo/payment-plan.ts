import { type Channel, DEFAULT_CHANNEL_MIX, type Incident } from './catalog.ts';
import { planCallbacks } from './plan-callback.ts';
import { planCheckout } from './plan-checkout.ts';
import { planConsumers } from './plan-consumer.ts';
import type { PlanContext } from './plan-draft.ts';
import { planPaymentTrace } from './plan-payment.ts';
import { planRefund } from './plan-refund.ts';
import { anomaly, type TccAnomaly } from './plan-tcc.ts';
import type { PaymentPlan } from './plan-types.ts';
import { createRandom, mixSeed } from './random.ts';
import { sample, trafficModel } from './traffic-model.ts';

export interface PlanOptions {
  seed: number;
  /** Makes order ids unique per run, so two demo runs never merge journeys. */
  runId: string;
  channelMix?: Readonly<Record<Channel, number>>;
  incident?: Incident;
}

/** Mixed into the seed of a payment's refund stream. */
const REFUND_SEED = 0x7ef0d;

export function orderIdFor(runId: string, index: number): string {
  return `ord_${runId}_${index.toString().padStart(6, '0')}`;
}

/**
 * Payment number `index` of a run, as data: a pure function of (options, index). The shopper
 * places the order (trace 1), maybe walks away, pays (trace 2), and the channel calls back later
 * (callback traces), unless it never does: then the payment is stuck "processing". The callback
 * publishes payment.succeeded; its consumer marks the order paid and notifies the shopper
 * (consumer traces, joined by a span link).
 */
export function planPayment(index: number, options: PlanOptions): PaymentPlan {
  const r = createRandom(mixSeed(options.seed, index));
  const model = trafficModel(options.incident);
  const channel = r.weighted(options.channelMix ?? DEFAULT_CHANNEL_MIX);
  const amount = Math.round(r.lognormal(89, 0.9) * 100) / 100;
  const tcc = createRandom(mixSeed(options.seed ^ 0x7cc, index));
  const anomalies: TccAnomaly[] = [];
  const currency = channel === 'card' ? 'USD' : 'CNY';
  const ctx: PlanContext = {
    r,
    model,
    orderId: orderIdFor(options.runId, index),
    channel,
    amount,
    currency,
    tcc,
    anomalies,
  };
  // `anomalies` fills in as the plan is drawn (the same array).
  const base = { index, orderId: ctx.orderId, channel, amount, currency, anomalies };

  const checkout = planCheckout(ctx);
  if (checkout.outcome) return { ...base, outcome: checkout.outcome, traces: [checkout.trace] };
  if (r.chance(model.abandonChance)) return { ...base, outcome: 'abandoned', traces: [checkout.trace] };

  const payment = planPaymentTrace(ctx, checkout.trace.endMs + sample(r, model.thinkTime));
  const traces = [checkout.trace, payment.trace];
  if (payment.outcome) return { ...base, outcome: payment.outcome, traces };
  if (r.chance(model.callbackMissingChance[channel])) return { ...base, outcome: 'callback_missing', traces };
  const callbacks = planCallbacks(ctx, payment.channelSpan);
  // The paid event lost on its way: the order is never marked paid (paid_not_updated).
  if (anomaly(ctx, 'updateLost'))
    return { ...base, outcome: 'paid', traces: [...traces, ...callbacks.traces] };
  const consumers = planConsumers(ctx, callbacks.producer);
  const paid = [...traces, ...callbacks.traces, ...consumers];
  // Refunds draw from a stream of their own: the payments are the same with or without them.
  const refund = planRefund(
    ctx,
    createRandom(mixSeed(options.seed ^ REFUND_SEED, index)),
    Math.max(...paid.map((t) => t.endMs)),
  );
  if (!refund) return { ...base, outcome: 'paid', traces: paid };
  const { traces: refundTraces, ...summary } = refund;
  return { ...base, outcome: 'paid', refund: summary, traces: [...paid, ...refundTraces] };
}
