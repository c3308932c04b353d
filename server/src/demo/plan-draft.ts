import type { Channel } from './catalog.ts';
import type { TccAnomaly } from './plan-tcc.ts';
import type {
  Attributes,
  LogSeverity,
  PlannedEvent,
  PlannedLog,
  PlannedSpan,
  PlannedTrace,
  TraceKind,
} from './plan-types.ts';
import type { Random } from './random.ts';
import type { TrafficModel } from './traffic-model.ts';

/** What every part of one payment's plan shares. */
export interface PlanContext {
  r: Random;
  model: TrafficModel;
  orderId: string;
  channel: Channel;
  amount: number;
  /** The TCC spans' own stream (plan-tcc.ts): durations and injected anomalies. */
  tcc: Random;
  /** The anomalies injected into this payment, as they are drawn. */
  anomalies: TccAnomaly[];
  /** The currency of `amount`. */
  currency: string;
}

/**
 * The journey key (and channel) as payment systems usually record it: on the trace's entry span
 * only, where the request names the order. The spans below it carry no order id.
 */
export function entryAttributes(ctx: PlanContext): Attributes {
  return { 'payment.order_id': ctx.orderId, 'payment.channel': ctx.channel };
}

/** The channel, a dimension (not a key), on the business spans below the entry span. */
export function channelAttributes(ctx: PlanContext): Attributes {
  return { 'payment.channel': ctx.channel };
}

/** Attributes of an HTTP server span, per the OpenTelemetry HTTP semantic conventions. */
export function httpServer(route: string, path: string, status: number): Attributes {
  const attributes: Attributes = {
    'http.request.method': 'POST',
    'http.route': route,
    'url.path': path,
    'url.scheme': 'https',
    'http.response.status_code': status,
  };
  // Server spans are errors only for 5xx; 4xx answers are the client's problem (semconv).
  if (status >= 500) attributes['error.type'] = String(status);
  return attributes;
}

export function timeoutEvent(atMs: number, message: string): PlannedEvent {
  return {
    name: 'exception',
    atMs,
    attributes: { 'exception.type': 'TimeoutError', 'exception.message': message },
  };
}

/** Collects the spans and logs of one trace, parents first. */
export class TraceDraft {
  readonly kind: TraceKind;
  readonly spans: PlannedSpan[] = [];
  readonly logs: PlannedLog[] = [];

  constructor(kind: TraceKind) {
    this.kind = kind;
  }

  span(span: PlannedSpan): PlannedSpan {
    this.spans.push(span);
    return span;
  }

  log(
    span: PlannedSpan,
    atMs: number,
    severity: LogSeverity,
    body: string,
    attributes: Attributes = {},
    sink: PlannedLog['sink'] = 'otlp',
  ): void {
    this.logs.push({ spanRef: span.ref, atMs, severity, body, attributes, sink });
  }

  finish(): PlannedTrace {
    const endMs = Math.max(...this.spans.map((span) => span.endMs));
    return { kind: this.kind, spans: this.spans, logs: this.logs, endMs };
  }
}
