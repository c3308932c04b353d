import type { Channel, Incident } from './catalog.ts';
import type { Random } from './random.ts';

/** A latency: lognormal body, and with `tailChance` a slow path `tailFactor` times longer. */
export interface Latency {
  medianMs: number;
  sigma: number;
  tailChance: number;
  tailFactor: number;
}

export interface TrafficModel {
  thinkTime: Latency;
  /** The API gateway's own share of a request it forwards (each way). */
  edgeHop: Latency;
  orderWork: Latency;
  risk: Latency;
  inventory: Latency;
  paymentWork: Latency;
  gatewayWork: Latency;
  channel: Record<Channel, Latency>;
  callbackDelay: Record<Channel, Latency>;
  callbackRetryDelay: Latency;
  callbackWork: Latency;
  markPaid: Latency;
  queueLag: Latency;
  /** How long a message the consumer failed on waits before it is delivered again. */
  redeliveryDelay: Latency;
  notify: Latency;
  /** Pause between a failed channel call and its retry. */
  retryBackoff: Latency;
  /** Deadlines the callers enforce (the link definition's budgets). */
  riskDeadlineMs: number;
  channelDeadlineMs: number;
  /** The gateway's budget for all attempts of a channel call together (under payment_create's). */
  payDeadlineMs: number;
  /** A retry is only tried with at least this much of `payDeadlineMs` left. */
  minRetryBudgetMs: number;
  abandonChance: number;
  riskRejectChance: number;
  riskUnavailableChance: number;
  riskHangChance: number;
  outOfStockChance: number;
  declineChance: Record<Channel, number>;
  /** A channel answers "busy, retry": the gateway retries once. */
  transientErrorChance: Record<Channel, number>;
  /** A timed-out channel call is retried (the rest are reported as timeouts at once). */
  retryOnTimeoutChance: number;
  cancelChance: number;
  callbackMissingChance: Record<Channel, number>;
  callbackFailChance: number;
  /** The consumer fails to mark the order paid; the message is delivered again. */
  consumerFailChance: number;
  notifyFailChance: number;
}

const l = (medianMs: number, sigma: number, tailChance = 0, tailFactor = 1): Latency => ({
  medianMs,
  sigma,
  tailChance,
  tailFactor,
});

/** Healthy traffic, shaped after what payment teams report: fast internals, slow fat-tailed channels. */
export const BASELINE: TrafficModel = {
  thinkTime: l(2500, 0.7),
  edgeHop: l(1.2, 0.3),
  orderWork: l(9, 0.35, 0.01, 6),
  risk: l(45, 0.45, 0.02, 4),
  inventory: l(28, 0.5, 0.015, 6),
  paymentWork: l(12, 0.4),
  gatewayWork: l(4, 0.3),
  channel: { alipay: l(320, 0.4, 0.03, 4), wechatpay: l(380, 0.45, 0.04, 4), card: l(650, 0.3, 0.02, 3) },
  callbackDelay: { alipay: l(1500, 0.6), wechatpay: l(1000, 0.6), card: l(400, 0.5) },
  callbackRetryDelay: l(5000, 0.2),
  callbackWork: l(3, 0.3),
  markPaid: l(14, 0.4, 0.01, 8),
  queueLag: l(40, 0.8),
  redeliveryDelay: l(1000, 0.3),
  notify: l(180, 0.6, 0.03, 5),
  retryBackoff: l(120, 0.3),
  riskDeadlineMs: 300,
  channelDeadlineMs: 3000,
  payDeadlineMs: 4500,
  minRetryBudgetMs: 500,
  abandonChance: 0.07,
  riskRejectChance: 0.025,
  riskUnavailableChance: 0.001,
  riskHangChance: 0,
  outOfStockChance: 0.008,
  declineChance: { alipay: 0.01, wechatpay: 0.015, card: 0.04 },
  transientErrorChance: { alipay: 0.025, wechatpay: 0.03, card: 0.02 },
  retryOnTimeoutChance: 0.8,
  cancelChance: 0.005,
  callbackMissingChance: { alipay: 0.008, wechatpay: 0.008, card: 0.003 },
  callbackFailChance: 0.01,
  consumerFailChance: 0.01,
  notifyFailChance: 0.007,
};

/** The model with an incident applied on top of the baseline. */
export function trafficModel(incident: Incident | undefined): TrafficModel {
  switch (incident) {
    case 'wechatpay-slow':
      return { ...BASELINE, channel: { ...BASELINE.channel, wechatpay: l(1500, 0.6, 0.2, 2.5) } };
    case 'risk-down':
      return { ...BASELINE, risk: l(120, 0.8, 0.1, 4), riskUnavailableChance: 0.45, riskHangChance: 0.25 };
    case 'callbacks-lost':
      return { ...BASELINE, callbackMissingChance: { ...BASELINE.callbackMissingChance, alipay: 0.6 } };
    case 'card-declines':
      return { ...BASELINE, declineChance: { ...BASELINE.declineChance, card: 0.25 } };
    case undefined:
      return BASELINE;
  }
}

/** Draws one latency in milliseconds (sub-millisecond precision kept). */
export function sample(r: Random, latency: Latency): number {
  const body = r.lognormal(latency.medianMs, latency.sigma);
  return latency.tailChance > 0 && r.chance(latency.tailChance)
    ? body * r.lognormal(latency.tailFactor, 0.3)
    : body;
}
