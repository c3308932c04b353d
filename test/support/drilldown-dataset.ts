import { randomUUID } from 'node:crypto';
import { ENVIRONMENT, merge, type Payment, payment, type Sent, type SpanSpec } from './journey-shapes.ts';

/**
 * Two hours of payments for the step drill-down tests (issue #15). In the second hour one merchant's
 * channel calls became slow (some past the 3 s budget: timeouts); in both, a beta app version fails
 * its first channel call (errors). Channel calls carry realistic attributes: the merchant, the app
 * version, the peer, a request id (an id per call: the decoy attribution must skip) and the order id
 * (the journey key, also to be skipped).
 */

export const SLOW_MERCHANT = 'm-0042';
export const BETA_VERSION = '5.0.0-beta';
export const PAYMENTS_PER_HOUR = 500;
const CHANNELS = ['alipay', 'wechat', 'card'];
const HOUR_MS = 3_600_000;

export interface DrilldownDataset {
  sent: Sent[];
  /** Every span sent, with its resource attributes as the SDK sender sets them. */
  spans: SpanSpec[];
  payments: Payment[];
}

/** Payments of hour `hour` (0: before the regression, 1: after) starting at `hourStartMs`. */
export function drilldownHour(hour: number, hourStartMs: number): Sent & { payments: Payment[] } {
  const payments: Payment[] = [];
  for (let i = 0; i < PAYMENTS_PER_HOUR; i++) {
    const seed = hour * PAYMENTS_PER_HOUR + i;
    const merchant = i % 6 === 0 ? SLOW_MERCHANT : `m-00${11 + (i % 6)}`;
    const version = i % 4 === 1 ? BETA_VERSION : '4.9.2';
    const attempts =
      version === BETA_VERSION
        ? [i % 8 === 1 ? 'card declined' : 'insufficient funds', undefined]
        : i % 50 === 2
          ? ['gateway timeout', undefined]
          : [undefined];
    const p = payment({
      key: `dd-${hour}-${i}`,
      startMs: hourStartMs + Math.floor((i * HOUR_MS) / PAYMENTS_PER_HOUR),
      keyOn: i % 2 === 0 ? 'entry' : 'log',
      channel: CHANNELS[Math.floor(i / 6) % 3]!,
      attempts,
      nested: i % 7 === 3,
      riskFails: i % 97 === 50 ? 'risk rejected' : undefined,
      seed,
    });
    for (const call of p.checkout.spans.filter((s) => s.step === 'channel_pay')) {
      call.attributes = {
        ...call.attributes,
        'merchant.id': merchant,
        'app.version': version,
        'peer.service': `${call.attributes['payment.channel']}-gateway`,
        'request.id': randomUUID(),
        'payment.order_id': p.plan.key,
      };
      const slowMerchant = hour === 1 && merchant === SLOW_MERCHANT;
      const noise = (seed * 7 + call.startMs) % 23 === 0;
      if (slowMerchant || noise) slowDown(p, call, 1400 + ((seed * 13) % 1200));
    }
    payments.push(p);
  }
  return { ...merge(...payments.flatMap((p) => [p.checkout, p.callback])), payments };
}

/**
 * Makes a channel call `extraMs` longer and moves what came after it in the payment (later calls,
 * the callback and its consumers) by as much; spans enclosing it end that much later.
 */
function slowDown(p: Payment, call: SpanSpec, extraMs: number): void {
  const end = call.endMs;
  for (const span of p.checkout.spans) {
    if (span.startMs >= end) {
      span.startMs += extraMs;
      span.endMs += extraMs;
    } else if (span.endMs >= end) span.endMs += extraMs;
  }
  for (const span of p.callback.spans) {
    span.startMs += extraMs;
    span.endMs += extraMs;
  }
  for (const log of p.callback.logs) log.timeMs += extraMs;
}

/** The resource attributes the SDK sender gives every span of a service. */
export function resourceOf(span: SpanSpec): Record<string, string> {
  return { 'service.name': span.service, 'deployment.environment.name': ENVIRONMENT };
}
