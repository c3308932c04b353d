/**
 * Spans and log records made by the real OpenTelemetry JS SDK, and the OTLP requests its own
 * serializers (otlp-transformer) build from them: what the decoders must read.
 */
import {
  type Attributes,
  type AttributeValue,
  context,
  createTraceState,
  type HrTime,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export function hrTimeToNanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

/** The exporter's stringification of an SDK attribute value, written independently of the decoder. */
export function expectedAttributeText(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  return JSON.stringify(value);
}

export function expectedAttributes(attributes: Attributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = expectedAttributeText(value);
  return out;
}

const START: HrTime = [1714564800, 123456789];
function at(offsetNs: number): HrTime {
  const nanos = START[1] + offsetNs;
  return [START[0] + Math.floor(nanos / 1e9), nanos % 1e9];
}

export interface TraceFixture {
  spans: ReadableSpan[];
  protobuf: Buffer;
  json: Buffer;
}

/** A payment trace touching every span field: kinds, parent, events, links, status, trace state. */
export function traceFixture(): TraceFixture {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout-svc',
      'deployment.environment.name': 'test',
      'host.cpu.count': 4,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('paylens-test', '1.2.3');
  const remote = trace.setSpanContext(context.active(), {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    traceState: createTraceState('vendor=abc,other=1'),
    isRemote: true,
  });
  const root = tracer.startSpan(
    'POST /checkout',
    {
      kind: SpanKind.SERVER,
      startTime: START,
      attributes: {
        'http.request.method': 'POST',
        'http.response.status_code': 201,
        'payment.amount': 12.5,
        'payment.retry': false,
        'payment.offset': -42,
        'payment.big': 2 ** 60,
        'payment.tags': ['a', 'b"quoted"'],
        'payment.codes': [1, 2, 3],
        'payment.ratios': [0.25, 1e-7],
        'payment.flags': [true, false],
        'payment.note': '支付 ✓ émoji 🚀',
      },
    },
    remote,
  );
  root.addEvent('order.created', { 'order.id': 'o-1', 'order.items': 3 }, at(1_000));
  root.addEvent('no-attributes', at(2_500));
  root.setStatus({ code: SpanStatusCode.OK });
  const rootContext = trace.setSpan(context.active(), root);
  const child = tracer.startSpan(
    'risk.check',
    {
      kind: SpanKind.CLIENT,
      startTime: at(10_001),
      links: [
        {
          context: {
            traceId: '5bf92f3577b34da6a3ce929d0e0e4737',
            spanId: '10f067aa0ba902b8',
            traceFlags: TraceFlags.SAMPLED,
            traceState: createTraceState('k=v'),
          },
          attributes: { 'link.reason': 'retry-of', 'link.attempt': 2 },
        },
        {
          context: { traceId: '6bf92f3577b34da6a3ce929d0e0e4738', spanId: '20f067aa0ba902b9', traceFlags: 0 },
        },
      ],
    },
    rootContext,
  );
  child.recordException(
    Object.assign(new Error('risk engine timed out'), { name: 'TimeoutError' }),
    at(20_000),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'DEADLINE_EXCEEDED' });
  child.end(at(3_000_000_123));
  for (const [kind, name] of [
    [SpanKind.INTERNAL, 'compute'],
    [SpanKind.PRODUCER, 'publish'],
    [SpanKind.CONSUMER, 'consume'],
  ] as const) {
    tracer.startSpan(name, { kind, startTime: at(5), root: true }).end(at(5));
  }
  root.end(at(999_999_999_999));
  const spans = exporter.getFinishedSpans();
  return {
    spans,
    protobuf: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
    json: Buffer.from(JsonTraceSerializer.serializeRequest(spans)!),
  };
}

export interface LogsFixture {
  records: ReadableLogRecord[];
  protobuf: Buffer;
  json: Buffer;
}

/** Log records: correlated and not, every body type, observed time only, event names. */
export function logsFixture(): LogsFixture {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'payment-svc', 'service.version': '2.0.0' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('paylens-logs', '0.9.0');
  const spanContext = trace.setSpanContext(context.active(), {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
  });
  logger.emit({
    timestamp: START,
    observedTimestamp: at(7),
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'payment authorised',
    attributes: { 'payment.channel': 'alipay', 'payment.amount': 99.9, attempt: 1 },
    context: spanContext,
  });
  logger.emit({
    timestamp: at(1_000_000),
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: { error: 'timeout', retry: { count: 2, backoffMs: 150.5 }, codes: [504, 'x'] },
    eventName: 'payment.failed',
  });
  logger.emit({ timestamp: at(2_000_000), severityNumber: SeverityNumber.WARN, body: 42 });
  logger.emit({ timestamp: at(3_000_000), body: true });
  logger.emit({ timestamp: at(4_000_000), body: new Uint8Array([0, 1, 2, 250, 255]) });
  logger.emit({ timestamp: at(5_000_000), body: ['a', 1.5, null] });
  const records = exporter.getFinishedLogRecords();
  return {
    records,
    protobuf: Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!),
    json: Buffer.from(JsonLogsSerializer.serializeRequest(records)!),
  };
}
