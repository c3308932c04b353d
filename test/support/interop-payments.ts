import type { ExportedLog, ExportedSpan, SpanKindName, StatusName } from './exporter-rows.ts';

/**
 * A small, hand-shaped payment dataset for the interop tests, following dashboards/payment-link.yaml.
 * Each span carries what it is *meant* to be (step, error, timeout), written here by construction,
 * so expectations never come from paylens' own classification code.
 *
 *   trace A  create_order ─┬─ risk_check
 *                          ├─ inventory_try
 *                          └─ payment_create ─┬─ channel_pay (client call to the channel)
 *                                             └─ db.insert   (a client span of no step)
 *   trace B  payment_callback ── order_update ── notify      (the asynchronous callback)
 *
 * Journey outcomes by index: 3, 11 channel timeout (error.type=timeout); 5, 13 risk rejected
 * (error); 9 risk check over its 300 ms budget (ok status); 10 payment service hits an exception
 * event of type TimeoutError (unset status); 12 channel call cancelled (error, not a timeout);
 * 6 paid but never called back (stuck); 7, 15 notify answered HTTP 504 (error and timeout).
 * The others complete the link.
 */
export interface ModelSpan extends ExportedSpan {
  journey: number;
  /** The link step the span is meant to be classified as; null for a span of no step. */
  step: string | null;
  error: boolean;
  timeout: boolean;
}

export interface PaymentDataset {
  spans: ModelSpan[];
  logs: ExportedLog[];
  journeys: { index: number; key: string; traceIds: string[]; channel: string }[];
}

export const JOURNEYS = 16;
const MS = 1_000_000n;
/** Every duration carries this sub-millisecond part, so precision loss would show. */
const SUB_MS_NS = 250_001n;

const RISK_ERRORS = new Set([5, 13]);
const CHANNEL_TIMEOUTS = new Set([3, 11]);

/** Trace ids are 32 hex digits: variant, trace letter, journey. */
export function traceIdOf(variant: number, trace: 'a' | 'b', journey: number): string {
  return `${variant.toString(16)}${trace}${journey.toString(16).padStart(30, '0')}`;
}

function spanIdOf(variant: number, trace: 'a' | 'b', slot: number, journey: number): string {
  return `${variant.toString(16)}${trace}${slot.toString(16)}${journey.toString(16).padStart(13, '0')}`;
}

export function journeyKeyOf(variant: number, journey: number): string {
  return `order-${variant}-${journey}`;
}

/** The dataset for one variant (ids carry the variant), journeys every two minutes from baseMs. */
export function paymentDataset(variant: number, baseMs: number): PaymentDataset {
  const dataset: PaymentDataset = { spans: [], logs: [], journeys: [] };
  for (let j = 0; j < JOURNEYS; j++)
    addJourney(dataset, variant, BigInt(baseMs) * MS + BigInt(j) * 120_000n * MS + 7n, j);
  return dataset;
}

interface SpanPlan {
  slot: number;
  parent: number;
  step: string | null;
  service: string;
  name: string;
  kind: SpanKindName;
  offsetMs: number;
  durationMs: number;
  status?: StatusName;
  statusMessage?: string;
  attributes?: Record<string, string>;
  timeout?: boolean;
  exception?: string;
}

function addJourney(dataset: PaymentDataset, variant: number, startNs: bigint, j: number): void {
  const channel = j % 2 === 0 ? 'alipay' : 'wechatpay';
  const key = journeyKeyOf(variant, j);
  const a: SpanPlan[] = [];
  const riskMs = j === 9 ? 350 : 40 + 3 * j;
  a.push({
    slot: 1,
    parent: 0,
    step: 'risk_check',
    service: 'risk-svc',
    name: 'risk.evaluate',
    kind: 'server',
    offsetMs: 2,
    durationMs: riskMs,
    ...(RISK_ERRORS.has(j) ? { status: 'error' as const, statusMessage: 'risk rejected' } : {}),
    timeout: j === 9,
  });
  let rootMs = 2 + riskMs + 5;
  const paid = !RISK_ERRORS.has(j) && j !== 9;
  if (paid) {
    a.push({
      slot: 2,
      parent: 0,
      step: 'inventory_try',
      service: 'inventory-svc',
      name: 'inventory.try',
      kind: 'server',
      offsetMs: 90,
      durationMs: 20 + j,
    });
    const channelMs = CHANNEL_TIMEOUTS.has(j) ? 500 + j : 200 + 15 * j;
    const paymentMs = j === 10 ? 250 : 10 + channelMs + 20;
    a.push({
      slot: 3,
      parent: 0,
      step: 'payment_create',
      service: 'payment-svc',
      name: 'POST /payments',
      kind: 'server',
      offsetMs: 130,
      durationMs: paymentMs,
      ...(j === 10 ? { exception: 'TimeoutError', timeout: true } : {}),
    });
    // A client span of no step: no channel attribute, so it is not a channel call.
    a.push({
      slot: 5,
      parent: 3,
      step: null,
      service: 'payment-svc',
      name: 'db.insert payments',
      kind: 'client',
      offsetMs: 132,
      durationMs: 3,
    });
    if (j !== 10) {
      const attributes: Record<string, string> = {
        'peer.service': `${channel}-gateway`,
        'server.address': `api.${channel}.example`,
      };
      let outcome: Partial<SpanPlan> = {};
      if (CHANNEL_TIMEOUTS.has(j)) {
        attributes['error.type'] = 'timeout';
        outcome = { status: 'error', statusMessage: 'gateway timed out', timeout: true };
      }
      if (j === 12) {
        attributes['error.type'] = 'cancelled';
        outcome = { status: 'error', statusMessage: 'payment cancelled by caller' };
      }
      a.push({
        slot: 4,
        parent: 3,
        step: 'channel_pay',
        service: 'payment-svc',
        name: `${channel}.pay`,
        kind: 'client',
        offsetMs: 140,
        durationMs: channelMs,
        attributes,
        ...outcome,
      });
    }
    rootMs = 130 + paymentMs + 10;
  }
  a.unshift({
    slot: 0,
    parent: -1,
    step: 'create_order',
    service: 'order-svc',
    name: 'POST /orders',
    kind: 'server',
    offsetMs: 0,
    durationMs: rootMs,
  });
  const traceA = traceIdOf(variant, 'a', j);
  const traceIds = [traceA];
  pushTrace(dataset, a, { variant, trace: 'a', j, startNs, key, keyAttribute: 'payment.order_id', channel });
  const callbackExpected = paid && !CHANNEL_TIMEOUTS.has(j) && j !== 10 && j !== 12 && j !== 6;
  if (callbackExpected) {
    const notifyFails = j === 7 || j === 15;
    const notifyMs = 100 + 7 * j;
    const b: SpanPlan[] = [
      {
        slot: 0,
        parent: -1,
        step: 'payment_callback',
        service: 'payment-svc',
        name: `POST /callbacks/${channel}`,
        kind: 'server',
        offsetMs: 0,
        durationMs: 15 + j + notifyMs + 5,
      },
      {
        slot: 1,
        parent: 0,
        step: 'order_update',
        service: 'order-svc',
        name: 'order.mark_paid',
        kind: 'internal',
        offsetMs: 2,
        durationMs: 10 + j,
      },
      {
        slot: 2,
        parent: 0,
        step: 'notify',
        service: 'notification-svc',
        name: 'notify.sms',
        kind: 'client',
        offsetMs: 15 + j,
        durationMs: notifyMs,
        attributes: { 'http.response.status_code': notifyFails ? '504' : '200' },
        ...(notifyFails ? { status: 'error' as const, statusMessage: 'gateway timeout', timeout: true } : {}),
      },
    ];
    const callbackStartNs = startNs + BigInt(rootMs + 2000 + 100 * j) * MS;
    traceIds.push(traceIdOf(variant, 'b', j));
    pushTrace(dataset, b, {
      variant,
      trace: 'b',
      j,
      startNs: callbackStartNs,
      key,
      keyAttribute: 'order.id',
      channel,
    });
    // A JSON log of the callback service that knows the order id but no trace: attached by journey key.
    dataset.logs.push({
      timeNs: callbackStartNs + 1n * MS,
      traceId: '',
      spanId: '',
      severityText: 'INFO',
      severityNumber: 9,
      body: `callback received for ${key}`,
      resource: { 'service.name': 'payment-svc' },
      attributes: { 'order.id': key },
    });
  }
  dataset.journeys.push({ index: j, key, traceIds, channel });
}

interface TracePlacement {
  variant: number;
  trace: 'a' | 'b';
  j: number;
  startNs: bigint;
  key: string;
  keyAttribute: string;
  channel: string;
}

function pushTrace(dataset: PaymentDataset, plans: readonly SpanPlan[], at: TracePlacement): void {
  const traceId = traceIdOf(at.variant, at.trace, at.j);
  for (const plan of plans) {
    const spanId = spanIdOf(at.variant, at.trace, plan.slot, at.j);
    const startNs = at.startNs + BigInt(plan.offsetMs) * MS;
    const endNs = startNs + BigInt(plan.durationMs) * MS + SUB_MS_NS;
    const status = plan.status ?? (plan.slot === 0 ? 'ok' : 'unset');
    const attributes: Record<string, string> = { [at.keyAttribute]: at.key, ...plan.attributes };
    // The channel is a span attribute of every span but notify (a client span with a channel would
    // be a channel call: `channel_pay` matches any client span carrying payment.channel).
    if (plan.step !== 'notify' && plan.step !== null) attributes['payment.channel'] = at.channel;
    dataset.spans.push({
      traceId,
      spanId,
      parentSpanId: plan.parent < 0 ? '' : spanIdOf(at.variant, at.trace, plan.parent, at.j),
      name: plan.name,
      kind: plan.kind,
      startNs,
      endNs,
      status,
      statusMessage: plan.statusMessage ?? '',
      resource: { 'service.name': plan.service, 'deployment.environment.name': 'prod' },
      scope: { name: 'io.opentelemetry.http', version: '2.10.0' },
      attributes,
      events: plan.exception
        ? [{ timeNs: endNs - 1n * MS, name: 'exception', attributes: { 'exception.type': plan.exception } }]
        : [],
      links: [],
      journey: at.j,
      step: plan.step,
      error: status === 'error',
      timeout: plan.timeout === true,
    });
    if (plan.step === 'channel_pay') {
      dataset.logs.push({
        timeNs: startNs + 3n * MS,
        traceId,
        spanId,
        flags: 1,
        severityText: status === 'error' ? 'ERROR' : 'INFO',
        severityNumber: status === 'error' ? 17 : 9,
        body: `${at.channel} answered ${status}`,
        resource: { 'service.name': plan.service },
        attributes: { 'payment.order_id': at.key },
      });
    }
  }
}

/** Nearest-rank quantile (the value at rank ⌈q·n⌉), computed here independently of paylens. */
export function nearestRankOf(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.max(1, Math.ceil(q * sorted.length - 1e-9)) - 1] ?? null;
}

export function durationMsOf(span: Pick<ExportedSpan, 'startNs' | 'endNs'>): number {
  return Number(span.endNs - span.startNs) / 1e6;
}
