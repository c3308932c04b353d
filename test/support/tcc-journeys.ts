import type { Kind, Sent, SpanSpec } from './journey-shapes.ts';
import { spanId, traceId } from './journey-shapes.ts';

/**
 * Payments with an inventory reservation done as TCC, span by span, as payment systems emit
 * them (test/fixtures/checks-link.yaml): the order id only on the checkout's entry span and the
 * callback's root; Try and the channel calls in the checkout trace; Confirm, Cancel and the order
 * update in a consumer trace with no key, joined by a span link. Each span names the step it was
 * written to be.
 */

type Where = 'checkout' | 'callback' | 'consumer';

const SHAPES: Record<string, { service: string; name: string; kind: Kind; where: Where }> = {
  create_order: { service: 'order-svc', name: 'POST /orders', kind: 'server', where: 'checkout' },
  inventory_try: { service: 'inventory-svc', name: 'inventory.try', kind: 'internal', where: 'checkout' },
  channel_pay: { service: 'payment-svc', name: 'alipay.pay', kind: 'client', where: 'checkout' },
  payment_callback: {
    service: 'callback-svc',
    name: 'POST /callbacks/alipay',
    kind: 'server',
    where: 'callback',
  },
  order_update: { service: 'order-svc', name: 'order.mark_paid', kind: 'internal', where: 'consumer' },
  inventory_confirm: {
    service: 'inventory-svc',
    name: 'inventory.confirm',
    kind: 'internal',
    where: 'consumer',
  },
  inventory_cancel: {
    service: 'inventory-svc',
    name: 'inventory.cancel',
    kind: 'internal',
    where: 'consumer',
  },
};

export class TccJourney {
  readonly key: string;
  readonly startMs: number;
  readonly traces = { checkout: traceId(), callback: traceId(), consumer: traceId() };
  readonly steps: SpanSpec[] = [];
  readonly #entry: SpanSpec;
  #callback: SpanSpec | undefined;

  constructor(key: string, startMs: number) {
    this.key = key;
    this.startMs = startMs;
    this.#entry = this.#span(
      'checkout',
      '',
      'checkout-svc',
      'POST /checkout',
      'server',
      startMs,
      startMs + 1,
      {
        'payment.order_id': key,
      },
    );
  }

  #span(
    where: Where,
    parentSpanId: string,
    service: string,
    name: string,
    kind: Kind,
    startMs: number,
    endMs: number,
    attributes: Record<string, string> = {},
  ): SpanSpec {
    return {
      traceId: this.traces[where],
      spanId: spanId(),
      parentSpanId,
      service,
      name,
      kind,
      startMs,
      endMs,
      attributes,
      links: [],
    };
  }

  /** A span of `step` starting `atMs` after the journey's start; `error` makes it fail. */
  add(step: string, atMs: number, durationMs: number, error?: string): SpanSpec {
    const shape = SHAPES[step]!;
    const startMs = this.startMs + atMs;
    const attributes: Record<string, string> = step === 'channel_pay' ? { 'payment.channel': 'alipay' } : {};
    if (step === 'payment_callback') {
      if (this.#callback) throw new Error('one callback per journey');
      attributes['order.id'] = this.key;
    }
    const parent = shape.where === 'checkout' ? this.#entry.spanId : '';
    const span = {
      ...this.#span(
        shape.where,
        parent,
        shape.service,
        shape.name,
        shape.kind,
        startMs,
        startMs + durationMs,
        attributes,
      ),
      step,
      error,
    };
    if (step === 'payment_callback') this.#callback = span;
    this.steps.push(span);
    return span;
  }

  /**
   * What was sent, as two requests' worth: the checkout trace, and the rest (callback, consumer).
   * The consumer's root links to the callback's publish span, or to the entry span without one.
   */
  sent(): { checkout: Sent; rest: Sent } {
    const inTrace = (where: Where) => this.steps.filter((s) => s.traceId === this.traces[where]);
    const checkout = inTrace('checkout');
    this.#entry.endMs = Math.max(this.#entry.endMs, ...checkout.map((s) => s.endMs)) + 1;
    const rest: SpanSpec[] = [];
    let linkTo = { traceId: this.traces.checkout, spanId: this.#entry.spanId };
    if (this.#callback) {
      const cb = this.#callback;
      const publish = this.#span(
        'callback',
        cb.spanId,
        'callback-svc',
        'payment.succeeded publish',
        'producer',
        cb.startMs + 1,
        cb.startMs + 2,
      );
      rest.push(cb, publish);
      linkTo = { traceId: publish.traceId, spanId: publish.spanId };
    }
    const consumerSteps = inTrace('consumer');
    if (consumerSteps.length > 0) {
      const root = this.#span(
        'consumer',
        '',
        'order-svc',
        'payment.succeeded process',
        'consumer',
        Math.min(...consumerSteps.map((s) => s.startMs)) - 1,
        Math.max(...consumerSteps.map((s) => s.endMs)) + 1,
      );
      root.links = [linkTo];
      rest.push(root, ...consumerSteps.map((s) => ({ ...s, parentSpanId: root.spanId })));
    }
    return { checkout: { spans: [this.#entry, ...checkout], logs: [] }, rest: { spans: rest, logs: [] } };
  }
}
