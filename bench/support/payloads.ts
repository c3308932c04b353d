import { SpanKind } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

const CHANNELS = ['alipay', 'wechatpay', 'card'];

/**
 * OTLP protobuf requests of 8-attribute payment spans, built with the real SDK and serializer.
 * Request sizes cycle through `batchSizes`; span times spread over the last minute.
 */
export function buildTracePayloads(
  total: number,
  batchSizes: readonly number[],
): { payloads: Buffer[]; spans: number } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'payment-svc',
      'deployment.environment.name': 'bench',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench');
  const baseMs = Date.now() - 60_000;
  const payloads: Buffer[] = [];
  let spans = 0;
  let batchIndex = 0;
  while (spans < total) {
    const size = Math.min(batchSizes[batchIndex++ % batchSizes.length]!, total - spans);
    for (let i = 0; i < size; i++) {
      const n = spans + i;
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
      span.end(start + 5 + (n % 200));
    }
    payloads.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()) ?? []));
    exporter.reset();
    spans += size;
  }
  return { payloads, spans };
}
