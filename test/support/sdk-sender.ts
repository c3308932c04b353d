import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, BatchSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';
import { ENVIRONMENT, type Kind, type Sent } from './journey-shapes.ts';

const KINDS: Record<Kind, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/** Hands the SDK the ids the test chose, so spans can be sent in any order and any request. */
class ChosenIds implements IdGenerator {
  next = { traceId: '', spanId: '' };
  generateTraceId(): string {
    return this.next.traceId;
  }
  generateSpanId(): string {
    return this.next.spanId;
  }
}

interface Service {
  tracer: BasicTracerProvider;
  logs: LoggerProvider;
  ids: ChosenIds;
}

/**
 * Sends spans and logs through the real OpenTelemetry SDK (BasicTracerProvider, BatchSpanProcessor,
 * OTLP/protobuf exporters), one provider per service (service.name is a resource attribute), with
 * the explicit ids, times, statuses and links of each SpanSpec.
 */
export class SdkSender {
  readonly #otlpUrl: string;
  readonly #services = new Map<string, Service>();

  constructor(otlpUrl: string) {
    this.#otlpUrl = otlpUrl;
  }

  #service(name: string): Service {
    const existing = this.#services.get(name);
    if (existing) return existing;
    const resource = resourceFromAttributes({
      'service.name': name,
      'deployment.environment.name': ENVIRONMENT,
    });
    const ids = new ChosenIds();
    const service: Service = {
      ids,
      tracer: new BasicTracerProvider({
        resource,
        idGenerator: ids,
        spanProcessors: [
          new BatchSpanProcessor(new OTLPTraceExporter({ url: `${this.#otlpUrl}/v1/traces` }), {
            maxExportBatchSize: 10_000,
            maxQueueSize: 10_000,
          }),
        ],
      }),
      logs: new LoggerProvider({
        resource,
        processors: [
          new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${this.#otlpUrl}/v1/logs` }) }),
        ],
      }),
    };
    this.#services.set(name, service);
    return service;
  }

  /** Records every span and log, then flushes every provider (each flush is an OTLP request). */
  async send(sent: Sent): Promise<void> {
    for (const spec of sent.spans) {
      const service = this.#service(spec.service);
      service.ids.next = { traceId: spec.traceId, spanId: spec.spanId };
      const parent = spec.parentSpanId
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: spec.traceId,
            spanId: spec.parentSpanId,
            traceFlags: TraceFlags.SAMPLED,
          })
        : ROOT_CONTEXT;
      const span = service.tracer.getTracer('journey-shapes').startSpan(
        spec.name,
        {
          kind: KINDS[spec.kind],
          startTime: spec.startMs,
          attributes: { ...spec.attributes, ...spec.numbers },
          root: !spec.parentSpanId,
          links: spec.links.map((link) => ({
            context: { traceId: link.traceId, spanId: link.spanId, traceFlags: TraceFlags.SAMPLED },
          })),
        },
        parent,
      );
      if (span.spanContext().spanId !== spec.spanId || span.spanContext().traceId !== spec.traceId) {
        throw new Error(`the SDK did not take the chosen ids for ${spec.name}`);
      }
      span.setStatus(
        spec.error === undefined
          ? { code: SpanStatusCode.OK }
          : { code: SpanStatusCode.ERROR, message: spec.error },
      );
      span.end(spec.endMs);
    }
    for (const log of sent.logs) {
      this.#service(log.service)
        .logs.getLogger('journey-shapes')
        .emit({
          body: log.body,
          severityNumber: SeverityNumber.INFO,
          severityText: 'INFO',
          timestamp: log.timeMs,
          attributes: log.attributes,
          context: trace.setSpanContext(ROOT_CONTEXT, {
            traceId: log.traceId,
            spanId: log.spanId,
            traceFlags: TraceFlags.SAMPLED,
          }),
        });
    }
    await Promise.all(
      [...this.#services.values()].flatMap((s) => [s.tracer.forceFlush(), s.logs.forceFlush()]),
    );
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.#services.values()].flatMap((s) => [s.tracer.shutdown(), s.logs.shutdown()]));
  }
}
