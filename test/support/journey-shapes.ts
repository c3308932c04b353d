import { randomBytes } from 'node:crypto';
import type { ExportedLog, ExportedSpan } from './exporter-rows.ts';

/**
 * Payments described span by span, in every instrumentation shape of DESIGN.md "Journeys": the
 * journey key on the entry span only or only on a correlated log, callbacks in traces of their own,
 * consumers joined by span links one and two hops deep, retried and nested channel calls. Each span
 * names the step it was written to be (the test's own classification, not paylens').
 */

export type Kind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface SpanSpec {
  traceId: string;
  spanId: string;
  /** '' for a trace's root. */
  parentSpanId: string;
  service: string;
  name: string;
  kind: Kind;
  startMs: number;
  endMs: number;
  /** The status message of a failing span; undefined: status Ok. */
  error?: string;
  attributes: Record<string, string>;
  /** Numeric attributes (sent as OTLP numbers, stored in their shortest decimal form). */
  numbers?: Record<string, number>;
  /** Spans (traceId, spanId) this one links to. */
  links: { traceId: string; spanId: string }[];
  /** The step the span was made for (undefined: no step). */
  step?: string;
}

/** An OTLP log record correlated to a span, carrying a journey key. */
export interface LogSpec {
  traceId: string;
  spanId: string;
  service: string;
  timeMs: number;
  body: string;
  attributes: Record<string, string>;
}

export interface Sent {
  spans: SpanSpec[];
  logs: LogSpec[];
}

export const ENVIRONMENT = 'journey-shapes';

export const traceId = () => randomBytes(16).toString('hex');
export const spanId = () => randomBytes(8).toString('hex');

export interface PaymentPlan {
  /** The order id, the journey key. */
  key: string;
  /** Start of the checkout's entry span, epoch ms. */
  startMs: number;
  /** Where the key is: on the checkout's entry span only, or only on a log record correlated to it. */
  keyOn: 'entry' | 'log';
  channel: string;
  /** Channel call outcomes in order: undefined = ok, a string = that failure message. */
  attempts: (string | undefined)[];
  /** The channel call runs inside "create payment" (nested) instead of after it. */
  nested?: boolean;
  /** The risk check fails with this message and the payment stops there. */
  riskFails?: string;
  /** Makes durations differ from one payment to the next. */
  seed: number;
}

export interface Payment {
  plan: PaymentPlan;
  /** The checkout trace: entry span, order, risk, inventory, create payment, channel calls. */
  checkout: Sent;
  /**
   * What follows the channel's success, each in traces of its own: the callback (key on its root, or
   * with keyOn 'log' only on a log record correlated to it),
   * the paid-order consumer (no key, linked to the callback's producer span) and the notification
   * consumer (no key, linked to the paid-order consumer's producer: two hops). Empty when the
   * payment never succeeded at the channel.
   */
  callback: Sent;
  traces: { checkout: string; callback?: string; consumer?: string; notifier?: string };
}

function span(partial: Omit<SpanSpec, 'spanId' | 'attributes' | 'links'> & Partial<SpanSpec>): SpanSpec {
  return { spanId: spanId(), attributes: {}, links: [], ...partial };
}

/** One payment across checkout-svc, order, risk, inventory, payment, callback, order and notification. */
export function payment(plan: PaymentPlan): Payment {
  const s = plan.seed;
  const checkoutTrace = traceId();
  const entry = span({
    traceId: checkoutTrace,
    parentSpanId: '',
    service: 'checkout-svc',
    name: 'POST /checkout',
    kind: 'server',
    startMs: plan.startMs,
    endMs: 0,
    attributes: plan.keyOn === 'entry' ? { 'payment.order_id': plan.key } : {},
  });
  const child = (
    rest: Omit<SpanSpec, 'spanId' | 'attributes' | 'links' | 'traceId' | 'parentSpanId'> & Partial<SpanSpec>,
  ) => span({ traceId: checkoutTrace, parentSpanId: entry.spanId, ...rest });
  const spans: SpanSpec[] = [entry];
  let t = plan.startMs + 3;
  const order = child({
    service: 'order-svc',
    name: 'POST /orders',
    kind: 'server',
    startMs: t,
    endMs: t + 40 + (s % 7) * 9,
    step: 'create_order',
  });
  t = order.endMs + 2 + (s % 3);
  const risk = child({
    service: 'risk-svc',
    name: 'risk.score',
    kind: 'internal',
    startMs: t,
    endMs: t + 20 + (s % 5) * 11,
    step: 'risk_check',
    error: plan.riskFails,
  });
  spans.push(order, risk);
  const logs: LogSpec[] =
    plan.keyOn === 'log'
      ? [
          {
            traceId: checkoutTrace,
            spanId: entry.spanId,
            service: 'checkout-svc',
            timeMs: plan.startMs + 1,
            body: 'checkout started',
            attributes: { 'payment.order_id': plan.key },
          },
        ]
      : [];
  const finish = (callback: Sent, traces: Payment['traces']): Payment => {
    entry.endMs = Math.max(...spans.map((x) => x.endMs)) + 4;
    return { plan, checkout: { spans, logs }, callback, traces };
  };
  if (plan.riskFails) return finish({ spans: [], logs: [] }, { checkout: checkoutTrace });

  t = risk.endMs + 1;
  const inventory = child({
    service: 'inventory-svc',
    name: 'inventory.try',
    kind: 'client',
    startMs: t,
    endMs: t + 15 + (s % 4) * 6,
    step: 'inventory_try',
  });
  t = inventory.endMs + 3 + (s % 2);
  const create = child({
    service: 'payment-svc',
    name: 'POST /payments',
    kind: 'server',
    startMs: t,
    endMs: 0,
    step: 'payment_create',
  });
  spans.push(inventory, create);
  t = plan.nested ? create.startMs + 12 : create.startMs + 30 + (s % 6) * 5;
  if (!plan.nested) create.endMs = t - 4;
  let channelOkEnd: number | undefined;
  for (const [i, failure] of plan.attempts.entries()) {
    const call = span({
      traceId: checkoutTrace,
      parentSpanId: plan.nested ? create.spanId : entry.spanId,
      service: 'payment-svc',
      name: `${plan.channel}.pay`,
      kind: 'client',
      startMs: t,
      endMs: t + 200 + ((s * 37 + i * 101) % 900),
      attributes: { 'payment.channel': plan.channel },
      error: failure,
      step: 'channel_pay',
    });
    spans.push(call);
    if (!failure && channelOkEnd === undefined) channelOkEnd = call.endMs;
    t = call.endMs + 25;
  }
  if (plan.nested) create.endMs = t + 3;
  if (channelOkEnd === undefined) return finish({ spans: [], logs: [] }, { checkout: checkoutTrace });

  // The callback: its own trace, the key on its root (the second key attribute).
  const callbackTrace = traceId();
  const cbStart = channelOkEnd + 400 + ((s * 53) % 2500);
  const callbackRoot = span({
    traceId: callbackTrace,
    parentSpanId: '',
    service: 'callback-svc',
    name: `POST /callbacks/${plan.channel}`,
    kind: 'server',
    startMs: cbStart,
    endMs: cbStart + 30 + (s % 9) * 4,
    // With keyOn 'log', the callback's key is only on a log record correlated to it, too.
    attributes: plan.keyOn === 'entry' ? { 'order.id': plan.key } : {},
    step: 'payment_callback',
  });
  const callbackLogs: LogSpec[] =
    plan.keyOn === 'log'
      ? [
          {
            traceId: callbackTrace,
            spanId: callbackRoot.spanId,
            service: 'callback-svc',
            timeMs: cbStart + 2,
            body: 'callback verified',
            attributes: { 'order.id': plan.key },
          },
        ]
      : [];
  const published = span({
    traceId: callbackTrace,
    parentSpanId: callbackRoot.spanId,
    service: 'callback-svc',
    name: 'payment.succeeded publish',
    kind: 'producer',
    startMs: cbStart + 10,
    endMs: cbStart + 14,
  });
  // The paid-order consumer: no parent, no key, a span link to the producer.
  const consumerTrace = traceId();
  const cStart = published.endMs + 20 + (s % 11) * 7;
  const consumer = span({
    traceId: consumerTrace,
    parentSpanId: '',
    service: 'order-svc',
    name: 'payment.succeeded process',
    kind: 'consumer',
    startMs: cStart,
    endMs: cStart + 60 + (s % 5) * 10,
    links: [{ traceId: callbackTrace, spanId: published.spanId }],
  });
  const markPaid = span({
    traceId: consumerTrace,
    parentSpanId: consumer.spanId,
    service: 'order-svc',
    name: 'order.mark_paid',
    kind: 'internal',
    startMs: cStart + 5,
    endMs: cStart + 25 + (s % 4) * 3,
    step: 'order_update',
  });
  const notifyPublished = span({
    traceId: consumerTrace,
    parentSpanId: consumer.spanId,
    service: 'order-svc',
    name: 'order.paid publish',
    kind: 'producer',
    startMs: markPaid.endMs + 2,
    endMs: markPaid.endMs + 5,
  });
  // The notifier: a consumer of the consumer (two hops from the keyed callback).
  const notifierTrace = traceId();
  const nStart = notifyPublished.endMs + 30 + (s % 13) * 9;
  const notifier = span({
    traceId: notifierTrace,
    parentSpanId: '',
    service: 'notification-svc',
    name: 'order.paid process',
    kind: 'consumer',
    startMs: nStart,
    endMs: nStart + 150 + (s % 8) * 40,
    links: [{ traceId: consumerTrace, spanId: notifyPublished.spanId }],
  });
  const sms = span({
    traceId: notifierTrace,
    parentSpanId: notifier.spanId,
    service: 'notification-svc',
    name: 'notify.sms',
    kind: 'client',
    startMs: nStart + 8,
    endMs: nStart + 100 + (s % 8) * 30,
    step: 'notify',
  });
  return finish(
    {
      spans: [callbackRoot, published, consumer, markPaid, notifyPublished, notifier, sms],
      logs: callbackLogs,
    },
    { checkout: checkoutTrace, callback: callbackTrace, consumer: consumerTrace, notifier: notifierTrace },
  );
}

export function merge(...parts: Sent[]): Sent {
  return { spans: parts.flatMap((p) => p.spans), logs: parts.flatMap((p) => p.logs) };
}

/** Every shape of issue #11 once or more, payments starting from `startMs` a few seconds apart. */
export function shapePlans(prefix: string, startMs: number): PaymentPlan[] {
  const plans: Omit<PaymentPlan, 'key' | 'startMs' | 'seed'>[] = [
    { keyOn: 'entry', channel: 'alipay', attempts: [undefined] },
    { keyOn: 'log', channel: 'wechat', attempts: [undefined] },
    { keyOn: 'entry', channel: 'alipay', attempts: ['gateway timeout', undefined] },
    { keyOn: 'log', channel: 'card', attempts: ['card declined', undefined] },
    { keyOn: 'entry', channel: 'wechat', attempts: ['gateway timeout', 'insufficient funds'] },
    { keyOn: 'log', channel: 'alipay', attempts: ['insufficient funds', 'gateway timeout'] },
    { keyOn: 'entry', channel: 'card', attempts: [undefined], nested: true },
    { keyOn: 'log', channel: 'alipay', attempts: ['gateway timeout', undefined], nested: true },
    { keyOn: 'entry', channel: 'wechat', attempts: [], riskFails: 'risk rejected' },
    { keyOn: 'entry', channel: 'alipay', attempts: [undefined] },
    { keyOn: 'log', channel: 'card', attempts: [undefined], nested: true },
    { keyOn: 'entry', channel: 'alipay', attempts: [undefined] },
  ];
  return plans.map((plan, i) => ({
    ...plan,
    key: `${prefix}-${i}`,
    startMs: startMs + i * 7_000,
    seed: i * 5 + 1,
  }));
}

/** A span as the OpenTelemetry Collector's ClickHouse exporter receives it (exporter-rows.ts). */
export function exportedSpan(span: SpanSpec): ExportedSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startNs: BigInt(span.startMs) * 1_000_000n,
    endNs: BigInt(span.endMs) * 1_000_000n,
    status: span.error === undefined ? 'ok' : 'error',
    statusMessage: span.error ?? '',
    resource: { 'service.name': span.service, 'deployment.environment.name': ENVIRONMENT },
    attributes: span.attributes,
    links: span.links.map((link) => ({ ...link, traceState: '', attributes: {} })),
  };
}

export function exportedLog(log: LogSpec): ExportedLog {
  return {
    timeNs: BigInt(log.timeMs) * 1_000_000n,
    traceId: log.traceId,
    spanId: log.spanId,
    severityText: 'INFO',
    severityNumber: 9,
    body: log.body,
    resource: { 'service.name': log.service },
    attributes: log.attributes,
  };
}
