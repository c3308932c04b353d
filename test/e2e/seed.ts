import type { AttributeMap, LogRow, SpanRow } from '@paylens/store';

/**
 * Seeded payment traffic for the end-to-end tests, following dashboards/payment-link.yaml: each
 * journey is trace A (order → risk → inventory → payment → channel) and, when the channel
 * succeeded, trace B (callback → order update → notify), joined by `payment.order_id`. Some fail,
 * some time out, some never get a callback (stuck). Every fourth journey (the first included) also
 * has a key-less message-consumer trace joined to it only by an OTLP span link to trace A's root.
 * Deterministic for a given seed and clock.
 */
export interface SeedOptions {
  nowMs: number;
  journeys: number;
  seed?: number;
  /** Spans of one extra, deep and wide trace (the waterfall's virtualised rows). */
  bigTraceSpans?: number;
}

/** A key-less trace that belongs to a journey only through a span link. */
export interface LinkedTrace {
  orderId: string;
  traceId: string;
  /** The trace its span links to (the journey's trace A). */
  linkedFrom: string;
  spanIds: string[];
}

export interface Seed {
  spans: SpanRow[];
  logs: LogRow[];
  orderIds: string[];
  linkedTraces: LinkedTrace[];
  bigTraceId: string | null;
}

export const CHANNELS = ['alipay', 'wechatpay', 'card', 'paypal'] as const;

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random: () => number, chars: number) =>
  Array.from({ length: chars }, () => Math.floor(random() * 16).toString(16)).join('');

const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: 'Server' | 'Client' | 'Internal' | 'Consumer';
  startMs: number;
  durationMs: number;
  error?: string;
  attributes?: AttributeMap;
  events?: { atMs: number; name: string; attributes: AttributeMap }[];
  /** OTLP span links: the spans this one follows from (another trace's). */
  links?: { traceId: string; spanId: string }[];
}

function row(s: SpanSpec): SpanRow {
  return {
    Timestamp: nanos(s.startMs),
    TraceId: s.traceId,
    SpanId: s.spanId,
    ParentSpanId: s.parentSpanId ?? '',
    TraceState: '',
    SpanName: s.name,
    SpanKind: s.kind,
    ServiceName: s.service,
    ResourceAttributes: { 'service.name': s.service, 'deployment.environment.name': 'prod' },
    ScopeName: 'paylens-e2e',
    ScopeVersion: '1.0.0',
    SpanAttributes: s.attributes ?? {},
    Duration: (BigInt(Math.round(s.durationMs * 1000)) * 1000n).toString(),
    StatusCode: s.error ? 'Error' : 'Unset',
    StatusMessage: s.error ?? '',
    'Events.Timestamp': (s.events ?? []).map((e) => nanos(e.atMs)),
    'Events.Name': (s.events ?? []).map((e) => e.name),
    'Events.Attributes': (s.events ?? []).map((e) => e.attributes),
    'Links.TraceId': (s.links ?? []).map((l) => l.traceId),
    'Links.SpanId': (s.links ?? []).map((l) => l.spanId),
    'Links.TraceState': (s.links ?? []).map(() => ''),
    'Links.Attributes': (s.links ?? []).map(() => ({})),
  };
}

function log(
  atMs: number,
  severity: string,
  body: string,
  span: SpanSpec,
  attributes: AttributeMap = {},
): LogRow {
  return {
    Timestamp: nanos(atMs),
    TraceId: span.traceId,
    SpanId: span.spanId,
    TraceFlags: 1,
    SeverityText: severity,
    SeverityNumber: severity === 'ERROR' ? 17 : severity === 'WARN' ? 13 : 9,
    ServiceName: span.service,
    Body: body,
    ResourceSchemaUrl: '',
    ResourceAttributes: { 'service.name': span.service },
    ScopeSchemaUrl: '',
    ScopeName: 'paylens-e2e',
    ScopeVersion: '',
    ScopeAttributes: {},
    LogAttributes: attributes,
  };
}

export function seedPayments(options: SeedOptions): Seed {
  const random = prng(options.seed ?? 42);
  // Consumer traces draw from their own generator, so the rest of the data is the same with or without them.
  const consumerRandom = prng((options.seed ?? 42) + 1);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const spans: SpanRow[] = [];
  const logs: LogRow[] = [];
  const orderIds: string[] = [];
  const linkedTraces: LinkedTrace[] = [];
  const windowMs = 45 * 60_000;
  for (let j = 0; j < options.journeys; j++) {
    const channel = CHANNELS[j % CHANNELS.length]!;
    const orderId = `ord-${String(j + 1).padStart(5, '0')}`;
    orderIds.push(orderId);
    const t0 = options.nowMs - 50 * 60_000 + (j * windowMs) / options.journeys + between(0, 1000);
    const traceA = hex(random, 32);
    const keyAttrs = { 'payment.order_id': orderId, 'payment.channel': channel };
    const fate = random();
    // Who fails where: ~5% risk rejects, ~6% channel timeouts, ~5% declines, ~4% never called back.
    const riskFails = fate < 0.05;
    const channelTimeout = fate >= 0.05 && fate < 0.11;
    const declined = fate >= 0.11 && fate < 0.16;
    const noCallback = fate >= 0.16 && fate < 0.2;

    const root: SpanSpec = {
      traceId: traceA,
      spanId: hex(random, 16),
      service: 'order-svc',
      name: 'POST /orders',
      kind: 'Server',
      startMs: t0,
      durationMs: 0,
      attributes: { ...keyAttrs, 'http.request.method': 'POST' },
    };
    let cursor = t0 + between(2, 8);
    const risk: SpanSpec = {
      traceId: traceA,
      spanId: hex(random, 16),
      parentSpanId: root.spanId,
      service: 'risk-svc',
      name: 'risk.evaluate',
      kind: 'Server',
      startMs: cursor,
      durationMs: between(15, 90),
      attributes: keyAttrs,
    };
    if (riskFails) risk.error = 'risk rejected';
    cursor += risk.durationMs + between(1, 4);
    const children: SpanSpec[] = [risk];
    if (!riskFails) {
      const inventory: SpanSpec = {
        traceId: traceA,
        spanId: hex(random, 16),
        parentSpanId: root.spanId,
        service: 'inventory-svc',
        name: 'inventory.try',
        kind: 'Server',
        startMs: cursor,
        durationMs: between(8, 60),
        attributes: keyAttrs,
      };
      cursor += inventory.durationMs + between(1, 4);
      const payment: SpanSpec = {
        traceId: traceA,
        spanId: hex(random, 16),
        parentSpanId: root.spanId,
        service: 'payment-svc',
        name: 'POST /payments',
        kind: 'Server',
        startMs: cursor,
        durationMs: 0,
        attributes: keyAttrs,
      };
      const payStart = cursor + between(3, 10);
      const slow = channel === 'paypal' ? between(900, 2400) : between(150, 900);
      const pay: SpanSpec = {
        traceId: traceA,
        spanId: hex(random, 16),
        parentSpanId: payment.spanId,
        service: 'payment-svc',
        name: `${channel}.pay`,
        kind: 'Client',
        startMs: payStart,
        durationMs: channelTimeout ? between(3000, 3200) : slow,
        attributes: {
          ...keyAttrs,
          'peer.service': `${channel}-gateway`,
          'server.address': `api.${channel}.example`,
        },
      };
      if (channelTimeout) {
        pay.error = 'gateway timeout';
        pay.attributes = { ...pay.attributes, 'error.type': 'timeout' };
        pay.events = [
          {
            atMs: payStart + pay.durationMs,
            name: 'exception',
            attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'read timed out' },
          },
        ];
      } else if (declined) {
        pay.error = 'card declined';
      }
      const db: SpanSpec = {
        traceId: traceA,
        spanId: hex(random, 16),
        parentSpanId: payment.spanId,
        service: 'payment-svc',
        name: 'db.insert payments',
        kind: 'Client',
        startMs: payStart + pay.durationMs + 1,
        durationMs: between(1, 6),
      };
      payment.durationMs = db.startMs + db.durationMs + 2 - payment.startMs;
      if (channelTimeout || declined) payment.error = pay.error;
      cursor = payment.startMs + payment.durationMs;
      children.push(inventory, payment, pay, db);
      logs.push(
        log(payStart + 0.5, 'INFO', `calling ${channel} gateway`, pay, { 'payment.order_id': orderId }),
      );
      if (pay.error)
        logs.push(log(payStart + pay.durationMs, 'ERROR', `${channel} payment failed: ${pay.error}`, pay));

      if (!channelTimeout && !declined && !noCallback) {
        const traceB = hex(random, 32);
        const cbStart = pay.startMs + pay.durationMs + between(200, 3000);
        const callback: SpanSpec = {
          traceId: traceB,
          spanId: hex(random, 16),
          service: 'payment-svc',
          name: `POST /callbacks/${channel}`,
          kind: 'Server',
          startMs: cbStart,
          durationMs: 0,
          attributes: keyAttrs,
        };
        const update: SpanSpec = {
          traceId: traceB,
          spanId: hex(random, 16),
          parentSpanId: callback.spanId,
          service: 'order-svc',
          name: 'order.mark_paid',
          kind: 'Internal',
          startMs: cbStart + between(2, 6),
          durationMs: 0,
          attributes: { 'order.id': orderId },
        };
        const notify: SpanSpec = {
          traceId: traceB,
          spanId: hex(random, 16),
          parentSpanId: update.spanId,
          service: 'notification-svc',
          name: 'notify.sms',
          kind: 'Client',
          startMs: update.startMs + between(2, 5),
          durationMs: between(60, 400),
          attributes: { 'order.id': orderId },
        };
        update.durationMs = notify.startMs + notify.durationMs + 2 - update.startMs;
        callback.durationMs = update.startMs + update.durationMs + 3 - cbStart;
        spans.push(row(callback), row(update), row(notify));
        logs.push(log(cbStart + 1, 'INFO', `callback from ${channel} for ${orderId}`, callback));
      }
    }
    root.durationMs = cursor + between(1, 5) - t0;
    if (riskFails) root.error = 'risk rejected';
    spans.push(row(root), ...children.map(row));
    logs.push(log(t0 + 0.2, 'INFO', `order ${orderId} created`, root));
    if (riskFails) logs.push(log(risk.startMs + risk.durationMs, 'WARN', 'risk score above threshold', risk));
    if (j % 4 === 0) {
      const consumer = consumerTrace(root, root.startMs + root.durationMs, consumerRandom);
      spans.push(...consumer.map(row));
      linkedTraces.push({
        orderId,
        traceId: consumer[0]!.traceId,
        linkedFrom: traceA,
        spanIds: consumer.map((c) => c.spanId),
      });
    }
  }
  const bigTraceId = options.bigTraceSpans ? hex(random, 32) : null;
  if (bigTraceId)
    spans.push(...bigTrace(bigTraceId, options.bigTraceSpans!, options.nowMs - 20 * 60_000, random).map(row));
  return { spans, logs, orderIds, linkedTraces, bigTraceId };
}

/**
 * A message consumer's trace: an "order created" event handled after the order, carrying no journey
 * key; its root span links to the producing span (`from`), which is how it joins the journey.
 */
function consumerTrace(from: SpanSpec, afterMs: number, random: () => number): SpanSpec[] {
  const traceId = hex(random, 32);
  const startMs = afterMs + between(random, 5, 200);
  const consume: SpanSpec = {
    traceId,
    spanId: hex(random, 16),
    service: 'ledger-svc',
    name: 'order.created process',
    kind: 'Consumer',
    startMs,
    durationMs: 0,
    attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' },
    links: [{ traceId: from.traceId, spanId: from.spanId }],
  };
  const write: SpanSpec = {
    traceId,
    spanId: hex(random, 16),
    parentSpanId: consume.spanId,
    service: 'ledger-svc',
    name: 'db.insert ledger_entries',
    kind: 'Client',
    startMs: startMs + between(random, 1, 3),
    durationMs: between(random, 1, 8),
  };
  consume.durationMs = write.startMs + write.durationMs + 1 - startMs;
  return [consume, write];
}

/** Stored rows of a wide and deep trace (batches of nested calls under one root), for big-trace tests. */
export function wideTraceRows(
  traceId: string,
  count: number,
  t0: number,
  random: () => number = prng(7),
): SpanRow[] {
  return bigTrace(traceId, count, t0, random).map(row);
}

function bigTrace(traceId: string, count: number, t0: number, random: () => number): SpanSpec[] {
  const services = ['reconcile-svc', 'ledger-svc', 'fx-svc', 'audit-svc'];
  const out: SpanSpec[] = [];
  const root: SpanSpec = {
    traceId,
    spanId: hex(random, 16),
    service: services[0]!,
    name: 'reconcile.run',
    kind: 'Server',
    startMs: t0,
    durationMs: count * 0.6 + 50,
  };
  out.push(root);
  let parent = root;
  for (let i = 1; i < count; i++) {
    // Every 10th span opens a new batch under the root; others nest up to four deep within it.
    if (i % 10 === 1) parent = root;
    const depthParent = i % 10 === 1 || i % 4 === 0 ? parent : out[out.length - 1]!;
    const startMs = t0 + i * 0.5;
    const span: SpanSpec = {
      traceId,
      spanId: hex(random, 16),
      parentSpanId: depthParent.spanId,
      service: services[i % services.length]!,
      name: `step-${i}`,
      kind: 'Internal',
      startMs,
      durationMs: Math.max(
        0.05,
        Math.min(depthParent.startMs + depthParent.durationMs - startMs - 0.01, between(random, 0.2, 40)),
      ),
      error: i % 97 === 0 ? 'ledger mismatch' : undefined,
      attributes: { 'batch.index': String(Math.floor(i / 10)), 'ledger.entry': `e-${i}` },
    };
    if (i % 10 === 1) parent = span;
    out.push(span);
  }
  return out;
}

function between(random: () => number, lo: number, hi: number): number {
  return lo + random() * (hi - lo);
}
