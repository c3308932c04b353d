import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SERVICE_VERSIONS, SERVICES, type Service } from './catalog.ts';

export interface TelemetryOptions {
  collectorUrl: string;
  headers: Record<string, string>;
  exportIntervalMs: number;
  runId: string;
  /** Told about every failed export (the SDK itself only reports them to its diag logger). */
  onExportError: (signal: 'traces' | 'logs', error: Error | undefined) => void;
}

export interface ServiceTelemetry {
  tracer: Tracer;
  logger: Logger;
}

/** One TracerProvider and LoggerProvider per service: each service is its own OTel resource. */
export interface Telemetry {
  services: Record<Service, ServiceTelemetry>;
  /** Exports everything queued (between backfill chunks, so the queues never overflow). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

// Big enough for a backfill chunk; export batches as large as the collector likes them.
const BUFFER = { maxQueueSize: 16_384, maxExportBatchSize: 4_096, exportTimeoutMillis: 10_000 };

export function createTelemetry(options: TelemetryOptions): Telemetry {
  const base = options.collectorUrl.replace(/\/+$/, '');
  const tracerProviders: BasicTracerProvider[] = [];
  const loggerProviders: LoggerProvider[] = [];
  const services = {} as Record<Service, ServiceTelemetry>;
  for (const service of SERVICES) {
    const resource = resourceFromAttributes({
      'service.name': service,
      'service.namespace': 'shop',
      'service.version': SERVICE_VERSIONS[service],
      'service.instance.id': `${service}-${options.runId}`,
      'deployment.environment.name': 'demo',
    });
    const spanExporter = reportingSpans(
      new OTLPTraceExporter({ url: `${base}/v1/traces`, headers: options.headers }),
      (error) => options.onExportError('traces', error),
    );
    const logExporter = reportingLogs(
      new OTLPLogExporter({ url: `${base}/v1/logs`, headers: options.headers }),
      (error) => options.onExportError('logs', error),
    );
    const delay = { ...BUFFER, scheduledDelayMillis: options.exportIntervalMs };
    const tracerProvider = new BasicTracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor(spanExporter, delay)],
    });
    const loggerProvider = new LoggerProvider({
      resource,
      processors: [new BatchLogRecordProcessor({ exporter: logExporter, ...delay })],
    });
    tracerProviders.push(tracerProvider);
    loggerProviders.push(loggerProvider);
    services[service] = {
      tracer: tracerProvider.getTracer('paylens-demo', '0.1.0'),
      logger: loggerProvider.getLogger('paylens-demo', '0.1.0'),
    };
  }
  const all = [...tracerProviders, ...loggerProviders];
  return {
    services,
    async flush() {
      await Promise.all(all.map((provider) => provider.forceFlush()));
    },
    async shutdown() {
      await Promise.all(all.map((provider) => provider.shutdown()));
    },
  };
}

/** Wraps an exporter so a failed export is reported, not only logged by the SDK's diag. */
function reportingSpans(inner: SpanExporter, onError: (error: Error | undefined) => void): SpanExporter {
  return {
    export: (spans, done) =>
      inner.export(spans, (result) => {
        if (result.code !== 0) onError(result.error);
        done(result);
      }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

function reportingLogs(
  inner: LogRecordExporter,
  onError: (error: Error | undefined) => void,
): LogRecordExporter {
  return {
    export: (logs, done) =>
      inner.export(logs, (result) => {
        if (result.code !== 0) onError(result.error);
        done(result);
      }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
