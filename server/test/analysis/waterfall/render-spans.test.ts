import { describe, expect, it } from 'vitest';
import { layoutTrace } from '../../../src/analysis/waterfall/layout-trace.ts';
import { renderSpans, type SpanDetail } from '../../../src/analysis/waterfall/render-spans.ts';

const ORIGIN = 1_714_564_800_000_000_000n;

const DETAILS: SpanDetail[] = [
  {
    traceId: 'T',
    spanId: 'root',
    parentSpanId: '',
    startNs: ORIGIN,
    durationNs: 4_000_000n,
    service: 'checkout',
    name: 'POST /checkout',
    kind: 'SPAN_KIND_SERVER',
    statusCode: 'STATUS_CODE_ERROR',
    statusMessage: 'payment failed',
    attributes: { 'http.route': '/checkout' },
    resource: { 'service.name': 'checkout' },
    events: [{ timeNs: ORIGIN + 3_000_007n, name: 'exception', attributes: { 'exception.type': 'Boom' } }],
  },
  {
    traceId: 'T',
    spanId: 'pay',
    parentSpanId: 'root',
    startNs: ORIGIN + 1_000_000n,
    durationNs: 2_500_000n,
    service: 'payment-svc',
    name: 'alipay.pay',
    kind: 'Client',
    statusCode: 'Ok',
    statusMessage: '',
    attributes: { 'payment.channel': 'alipay' },
    resource: {},
    events: [],
  },
];

describe('renderSpans', () => {
  it('renders response spans with offsets, statuses, step, timeout and percentile', () => {
    const layout = layoutTrace(DETAILS);
    const spans = renderSpans(
      layout.originNs,
      layout.rows,
      (row) => DETAILS[row.index],
      (span) => ({ step: span.spanId === 'pay' ? 'channel_pay' : null, timeout: span.spanId === 'pay' }),
      (step, durationNs) => (step === 'channel_pay' && durationNs === 2_500_000 ? 97 : null),
    );
    expect(spans).toEqual([
      {
        traceId: 'T',
        spanId: 'root',
        parentSpanId: '',
        service: 'checkout',
        name: 'POST /checkout',
        kind: 'server',
        startOffsetMs: 0,
        durationMs: 4,
        selfMs: 1.5,
        depth: 0,
        step: null,
        status: 'error',
        timeout: false,
        statusMessage: 'payment failed',
        onCriticalPath: true,
        attributes: { 'http.route': '/checkout' },
        events: [{ name: 'exception', offsetMs: 3.000007, attributes: { 'exception.type': 'Boom' } }],
        resource: { 'service.name': 'checkout' },
        childCount: 1,
        percentile: null,
      },
      {
        traceId: 'T',
        spanId: 'pay',
        parentSpanId: 'root',
        service: 'payment-svc',
        name: 'alipay.pay',
        kind: 'client',
        startOffsetMs: 1,
        durationMs: 2.5,
        selfMs: 2.5,
        depth: 1,
        step: 'channel_pay',
        status: 'ok',
        timeout: true,
        statusMessage: '',
        onCriticalPath: true,
        attributes: { 'payment.channel': 'alipay' },
        events: [],
        resource: {},
        childCount: 0,
        percentile: 97,
      },
    ]);
  });

  it('leaves out rows whose detail is missing', () => {
    const layout = layoutTrace(DETAILS);
    const spans = renderSpans(
      layout.originNs,
      layout.rows,
      (row) => (row.index === 0 ? DETAILS[0] : undefined),
      () => ({
        step: null,
        timeout: false,
      }),
    );
    expect(spans.map((span) => span.spanId)).toEqual(['root']);
  });
});
