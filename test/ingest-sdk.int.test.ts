import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as OTLPHttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../store/src/sql.ts';
import { hrTimeToNanos } from './support/hrtime.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

let paylens: TestPaylens;
beforeAll(async () => {
  paylens = await startTestPaylens();
});
afterAll(async () => {
  await paylens.dispose();
});

interface StoredSpan {
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ts: string;
  duration: string;
  StatusCode: string;
  StatusMessage: string;
  SpanAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
  eventNames: string[];
  eventTimes: string[];
  eventAttributes: Record<string, string>[];
  linkTraceIds: string[];
  linkSpanIds: string[];
}

/** Emits a small payment trace through a real SDK tracer and returns what the SDK recorded. */
async function emitTrace(exporter: SpanExporter, service: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment.name': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(memory), new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('paylens-it', '1.2.3');
  const linked = tracer.startSpan('earlier.attempt');
  linked.end();
  tracer.startActiveSpan('POST /payments', { kind: SpanKind.SERVER }, (root) => {
    root.setAttributes({
      'payment.order_id': 'order-42',
      'payment.amount': 12.5,
      retries: 2,
      captured: true,
    });
    root.addEvent('risk.approved', { score: 0.12 });
    const child = tracer.startSpan(
      'alipay.pay',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'payment.channel': 'alipay' },
        links: [{ context: linked.spanContext() }],
      },
      trace.setSpan(context.active(), root),
    );
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'gateway timeout' });
    child.setAttribute('error.type', 'timeout');
    child.end();
    root.setStatus({ code: SpanStatusCode.OK });
    root.end();
  });
  await provider.forceFlush();
  await provider.shutdown();
  return memory.getFinishedSpans();
}

async function storedSpans(traceIds: string[]): Promise<StoredSpan[]> {
  return paylens.driver.query<StoredSpan>(sql`
    SELECT TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
           toString(toUnixTimestamp64Nano(Timestamp)) AS ts, toString(Duration) AS duration,
           StatusCode, StatusMessage, SpanAttributes, ResourceAttributes,
           Events.Name AS eventNames,
           arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS eventTimes,
           Events.Attributes AS eventAttributes, Links.TraceId AS linkTraceIds, Links.SpanId AS linkSpanIds
    FROM otel_traces WHERE TraceId IN ${traceIds} ORDER BY Timestamp`);
}

const KINDS = ['Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const STATUSES = ['Unset', 'Ok', 'Error'];

function expectStoredAsRecorded(recorded: ReadableSpan[], stored: StoredSpan[], service: string): void {
  expect(stored).toHaveLength(recorded.length);
  for (const span of recorded) {
    const row = stored.find((s) => s.SpanId === span.spanContext().spanId);
    expect(row, `span ${span.name}`).toBeDefined();
    const start = hrTimeToNanos(span.startTime);
    expect(row).toMatchObject({
      TraceId: span.spanContext().traceId,
      ParentSpanId: span.parentSpanContext?.spanId ?? '',
      SpanName: span.name,
      SpanKind: KINDS[span.kind],
      ServiceName: service,
      ts: start.toString(),
      duration: (hrTimeToNanos(span.endTime) - start).toString(),
      StatusCode: STATUSES[span.status.code],
      StatusMessage: span.status.message ?? '',
    });
    const attributes = Object.fromEntries(Object.entries(span.attributes).map(([k, v]) => [k, String(v)]));
    expect(row!.SpanAttributes).toEqual(attributes);
    expect(row!.ResourceAttributes).toMatchObject({
      'service.name': service,
      'deployment.environment.name': 'test',
    });
    expect(row!.eventNames).toEqual(span.events.map((e) => e.name));
    expect(row!.eventTimes).toEqual(span.events.map((e) => hrTimeToNanos(e.time).toString()));
    expect(row!.eventAttributes).toEqual(
      span.events.map((e) =>
        Object.fromEntries(Object.entries(e.attributes ?? {}).map(([k, v]) => [k, String(v)])),
      ),
    );
    expect(row!.linkTraceIds).toEqual(span.links.map((l) => l.context.traceId));
    expect(row!.linkSpanIds).toEqual(span.links.map((l) => l.context.spanId));
  }
}

describe('ingest from the real OpenTelemetry SDK', () => {
  it('stores every span sent with exporter-trace-otlp-proto exactly as recorded', async () => {
    const exporter = new OTLPProtoTraceExporter({ url: `${paylens.otlpUrl}/v1/traces` });
    const recorded = await emitTrace(exporter, 'proto-svc');
    await paylens.collector!.drain();
    const traceIds = [...new Set(recorded.map((s) => s.spanContext().traceId))];
    expectStoredAsRecorded(recorded, await storedSpans(traceIds), 'proto-svc');
  });

  it('stores every span sent as OTLP/JSON with exporter-trace-otlp-http exactly as recorded', async () => {
    const exporter = new OTLPHttpJsonTraceExporter({ url: `${paylens.otlpUrl}/v1/traces` });
    const recorded = await emitTrace(exporter, 'json-svc');
    await paylens.collector!.drain();
    const traceIds = [...new Set(recorded.map((s) => s.spanContext().traceId))];
    expectStoredAsRecorded(recorded, await storedSpans(traceIds), 'json-svc');
  });

  it('stores OTLP logs with their trace and span ids, and NDJSON logs correlated the same way', async () => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'log-svc' }),
      processors: [
        new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${paylens.otlpUrl}/v1/logs` }) }),
      ],
    });
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const spanId = 'b7ad6b7169203331';
    const ctx = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: 1 });
    const timestampMs = Date.now() - 1000;
    provider.getLogger('it').emit({
      body: 'payment captured',
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      timestamp: timestampMs,
      attributes: { 'payment.order_id': 'order-42' },
      context: ctx,
    });
    await provider.forceFlush();
    await provider.shutdown();

    const ndjson = [
      {
        timestamp: new Date(timestampMs).toISOString(),
        level: 'error',
        message: 'callback signature invalid',
        trace_id: traceId,
        span_id: spanId,
        service: 'callback-svc',
        order_id: 'order-42',
      },
      {
        timestamp: timestampMs + 5,
        level: 'warn',
        msg: 'retrying',
        trace_id: traceId,
        service: 'callback-svc',
      },
    ];
    const response = await fetch(`${paylens.otlpUrl}/v1/logs/ndjson`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: ndjson.map((line) => JSON.stringify(line)).join('\n'),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 2, rejected: 0 });
    await paylens.collector!.drain();

    const logs = await paylens.driver.query<{
      ServiceName: string;
      Body: string;
      SpanId: string;
      SeverityNumber: number;
      ts: string;
      LogAttributes: Record<string, string>;
    }>(
      sql`SELECT ServiceName, Body, SpanId, SeverityNumber, toString(toUnixTimestamp64Nano(Timestamp)) AS ts, LogAttributes
          FROM otel_logs WHERE TraceId = ${traceId} ORDER BY Timestamp, ServiceName DESC, Body`,
    );
    expect(logs).toEqual([
      {
        ServiceName: 'log-svc',
        Body: 'payment captured',
        SpanId: spanId,
        SeverityNumber: 9,
        ts: (BigInt(timestampMs) * 1_000_000n).toString(),
        LogAttributes: { 'payment.order_id': 'order-42' },
      },
      {
        ServiceName: 'callback-svc',
        Body: 'callback signature invalid',
        SpanId: spanId,
        SeverityNumber: 17,
        ts: (BigInt(timestampMs) * 1_000_000n).toString(),
        LogAttributes: { order_id: 'order-42' },
      },
      {
        ServiceName: 'callback-svc',
        Body: 'retrying',
        SpanId: '',
        SeverityNumber: 13,
        ts: (BigInt(timestampMs + 5) * 1_000_000n).toString(),
        LogAttributes: {},
      },
    ]);
  });
});
