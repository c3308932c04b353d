import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

const CHANNELS = ['alipay', 'wechatpay', 'card'];

/**
 * Payment spans with 8 attributes each, recorded by the real SDK: span `first + i` of a series,
 * times spread over the last minute, every `errorEvery`-th an error (0: none).
 */
export function paymentSpans(count: number, first = 0, errorEvery = 0): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'payment-svc',
      'deployment.environment.name': 'bench',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  const baseMs = Date.now() - 60_000;
  for (let n = first; n < first + count; n++) {
    const start = baseMs + (n % 60_000);
    const span = tracer.startSpan('POST /payments', {
      kind: SpanKind.CLIENT,
      startTime: start,
      attributes: {
        'payment.channel': CHANNELS[n % 3]!,
        'payment.order_id': `order-${n >> 3}`,
        'http.request.method': 'POST',
        'http.response.status_code': 200,
        'server.address': 'gateway.example.com',
        'peer.service': 'channel-gw',
        'payment.amount': (n % 1000) + 0.99,
        'payment.currency': 'CNY',
      },
    });
    if (errorEvery > 0 && n % errorEvery === 0)
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'gateway timeout' });
    span.end(start + 5 + (n % 200));
  }
  return exporter.getFinishedSpans();
}

/** OTLP protobuf requests of payment spans; request sizes cycle through `batchSizes`. */
export function buildTracePayloads(
  total: number,
  batchSizes: readonly number[],
): { payloads: Buffer[]; spans: number } {
  const payloads: Buffer[] = [];
  let spans = 0;
  let batchIndex = 0;
  while (spans < total) {
    const size = Math.min(batchSizes[batchIndex++ % batchSizes.length]!, total - spans);
    payloads.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(paymentSpans(size, spans)) ?? []));
    spans += size;
  }
  return { payloads, spans };
}
