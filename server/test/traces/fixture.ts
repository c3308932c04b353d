import type { LogRow, SpanRow } from '@paylens/store';
import { logRow, spanRow } from './rows.ts';

/** 2024-05-01T12:00:00.000123456Z: deliberately not a whole millisecond. */
export const T0 = 1_714_564_800_000_123_456n;
/** "Now" for the app: a minute after the fixture, so the last 24 h hold it. */
export const NOW_MS = Number(T0 / 1_000_000n) + 60_000;

export const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
export const TRACE_B = 'b7ad6b7169203331b7ad6b7169203331';
export const TRACE_C = 'c0ffee00c0ffee00c0ffee00c0ffee00';
export const TRACE_D = 'd00dfeedd00dfeedd00dfeedd00dfeed';

const ms = (value: number) => BigInt(value) * 1_000_000n;

/*
 * Trace A (journey ord-1), milliseconds from T0:
 *
 *   0   1.000001  5    11.000001  25 30 31            111     120.0005  125
 *   |===================== root: POST /checkout ===============|
 *      |-- create_order --|                                              order-svc POST /orders
 *            |------- risk.score -----|                                  risk_check
 *                               |=========== POST /payments (async) ===============|
 *                                  |------ alipay.pay (Error, timeout) --|
 *
 * Trace B (journey ord-1 via order.id, on the child only), the payment callback 2 s later:
 *   2000 |== POST /callbacks/alipay (4 ms) ==|, child order.mark_paid 2001 → 2002
 */
export function fixtureSpans(): SpanRow[] {
  const a = (spanId: string) => ({ traceId: TRACE_A, spanId });
  const spans = [
    spanRow({
      ...a('a000000000000001'),
      service: 'checkout-svc',
      name: 'POST /checkout',
      kind: 'Server',
      startNs: T0,
      durationNs: 120_000_500n,
    }),
    spanRow({
      ...a('a000000000000002'),
      parentSpanId: 'a000000000000001',
      service: 'order-svc',
      name: 'POST /orders',
      kind: 'Server',
      startNs: T0 + 1_000_001n,
      durationNs: ms(10),
      // The journey key is not on the root: the journey still starts where the trace does.
      attributes: { 'payment.order_id': 'ord-1' },
    }),
    spanRow({
      ...a('a000000000000003'),
      parentSpanId: 'a000000000000001',
      service: 'risk-svc',
      name: 'risk.score',
      startNs: T0 + ms(5),
      durationNs: ms(20),
    }),
    spanRow({
      ...a('a000000000000004'),
      parentSpanId: 'a000000000000001',
      service: 'payment-svc',
      name: 'POST /payments',
      kind: 'SPAN_KIND_SERVER',
      startNs: T0 + ms(30),
      durationNs: ms(95),
    }),
    spanRow({
      ...a('a000000000000005'),
      parentSpanId: 'a000000000000004',
      service: 'payment-svc',
      name: 'alipay.pay',
      kind: 'Client',
      startNs: T0 + ms(31),
      durationNs: ms(80),
      status: 'STATUS_CODE_ERROR',
      statusMessage: 'gateway timed out',
      attributes: { 'payment.channel': 'alipay', 'error.type': 'timeout' },
      events: [{ timeNs: T0 + ms(111), name: 'exception', attributes: { 'exception.type': 'TimeoutError' } }],
    }),
    spanRow({
      traceId: TRACE_B,
      spanId: 'b000000000000001',
      service: 'payment-svc',
      name: 'POST /callbacks/alipay',
      kind: 'Server',
      startNs: T0 + ms(2000),
      durationNs: ms(4),
    }),
    spanRow({
      traceId: TRACE_B,
      spanId: 'b000000000000002',
      parentSpanId: 'b000000000000001',
      service: 'order-svc',
      name: 'order.mark_paid',
      startNs: T0 + ms(2001),
      durationNs: ms(1),
      status: 'Ok',
      // The key sits on the child only: the journey must still take the whole trace.
      attributes: { 'order.id': 'ord-1' },
    }),
    spanRow({
      traceId: TRACE_C,
      spanId: 'c000000000000001',
      service: 'checkout-svc',
      name: 'POST /checkout',
      kind: 'SPAN_KIND_SERVER',
      startNs: T0 - ms(600_000),
      durationNs: ms(50),
      status: 'STATUS_CODE_OK',
      attributes: { 'payment.order_id': 'ord-2' },
    }),
  ];
  // Trace D, 5 minutes earlier: a root and 100 channel calls of 1…100 ms, every 50 ms.
  const dStart = T0 - ms(300_000);
  spans.push(
    spanRow({
      traceId: TRACE_D,
      spanId: 'd000000000000000',
      service: 'batch',
      name: 'replay',
      startNs: dStart,
      durationNs: ms(6000),
    }),
  );
  for (let i = 1; i <= 100; i++) {
    spans.push(
      spanRow({
        traceId: TRACE_D,
        spanId: `d0000000000${String(i).padStart(5, '0')}`,
        parentSpanId: 'd000000000000000',
        service: 'payment-svc',
        name: 'wechat.pay',
        kind: 'Client',
        startNs: dStart + ms(50 * i),
        durationNs: ms(i),
        attributes: { 'payment.channel': 'wechat' },
      }),
    );
  }
  return spans;
}

export function fixtureLogs(): LogRow[] {
  return [
    logRow({
      timeNs: T0 + 31_500_001n,
      traceId: TRACE_A,
      spanId: 'a000000000000005',
      service: 'payment-svc',
      body: 'calling alipay',
      severityText: 'INFO',
    }),
    logRow({
      timeNs: T0 + ms(111) + 1n,
      traceId: TRACE_A,
      spanId: 'a000000000000005',
      service: 'payment-svc',
      body: 'alipay timed out',
      severityNumber: 17,
    }),
    logRow({
      timeNs: T0 + ms(2500),
      service: 'notification-svc',
      body: 'receipt sent',
      severityText: 'INFO',
      attributes: { 'payment.order_id': 'ord-1' },
    }),
    logRow({ timeNs: T0 - ms(600_000) + 7n, traceId: TRACE_C, service: 'checkout-svc', body: 'other trace' }),
  ];
}
