import type { Channel, Service } from './catalog.ts';
import type { RefundOutcome } from './plan-refund.ts';
import type { TccAnomaly } from './plan-tcc.ts';

/**
 * A payment as data: every span and log it will produce, with times as millisecond offsets from
 * the moment the shopper hit "place order". Pure data, so it can be tested without the SDK.
 */

export type PlannedKind = 'server' | 'client' | 'internal' | 'producer' | 'consumer';
export type PlannedStatus = 'ok' | 'error' | 'unset';
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface PlannedEvent {
  name: string;
  atMs: number;
  attributes: Attributes;
}

export interface PlannedSpan {
  /** Unique within the payment; parents and links refer to spans by it. */
  ref: string;
  parentRef?: string;
  /** Spans of earlier traces of the same payment this one follows from (OTLP span links). */
  linkRefs?: string[];
  service: Service;
  name: string;
  kind: PlannedKind;
  startMs: number;
  endMs: number;
  status: PlannedStatus;
  statusMessage?: string;
  attributes: Attributes;
  events?: PlannedEvent[];
}

export type LogSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface PlannedLog {
  /** The span the log is written in (its trace and span ids correlate the log). */
  spanRef: string;
  atMs: number;
  severity: LogSeverity;
  body: string;
  attributes: Attributes;
  /** OTLP logs through the SDK, or JSON lines POSTed to /v1/logs/ndjson. */
  sink: 'otlp' | 'ndjson';
}

/**
 * checkout, payment and callback traces start at the API gateway, whose entry span carries the
 * order id; a consumer trace starts at a queue consumer, carries no order id and is joined to its
 * producer by a span link only. Refund traces (plan-refund.ts) carry the refund id instead.
 */
export type TraceKind = 'checkout' | 'payment' | 'callback' | 'consumer' | 'refund' | 'refund_callback';

export interface PlannedTrace {
  kind: TraceKind;
  /** Parents come before their children. */
  spans: PlannedSpan[];
  logs: PlannedLog[];
  /** When its last span ends: the moment the trace can be emitted. */
  endMs: number;
}

export type Outcome =
  | 'paid'
  | 'abandoned'
  | 'risk_rejected'
  | 'risk_unavailable'
  | 'out_of_stock'
  | 'declined'
  | 'channel_timeout'
  | 'channel_error'
  | 'cancelled'
  | 'callback_missing';

export interface PaymentPlan {
  index: number;
  orderId: string;
  channel: Channel;
  amount: number;
  /** The currency of `amount` (card payments are in USD, the others in CNY). */
  currency: string;
  outcome: Outcome;
  /** The consistency anomalies injected into it (plan-tcc.ts), none for most payments. */
  anomalies?: TccAnomaly[];
  /** The refund of a paid payment, when it is refunded (its traces are at the end of `traces`). */
  refund?: { refundId: string; amount: number; outcome: RefundOutcome };
  /**
   * In the order they happen (each ends after the one before): checkout, payment, one callback
   * trace per webhook delivery, then one consumer trace per delivery of the payment.succeeded event.
   */
  traces: PlannedTrace[];
}
