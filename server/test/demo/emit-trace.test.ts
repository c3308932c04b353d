import type { SpanContext } from '@opentelemetry/api';
import { createNoopLogger } from '@opentelemetry/api-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SERVICES, type Service } from '../../src/demo/catalog.ts';
import { emitTrace } from '../../src/demo/emit-trace.ts';
import { planPayment } from '../../src/demo/payment-plan.ts';
import type { ServiceTelemetry, Telemetry } from '../../src/demo/telemetry.ts';

/** The SDK's telemetry for every service, kept in memory. */
function inMemoryTelemetry(): { telemetry: Telemetry; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const services = Object.fromEntries(
    SERVICES.map((service): [Service, ServiceTelemetry] => [
      service,
      { tracer: provider.getTracer(service), logger: createNoopLogger() },
    ]),
  ) as Record<Service, ServiceTelemetry>;
  const telemetry: Telemetry = {
    services,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
  return { telemetry, exporter };
}

describe('emitTrace', () => {
  it("records the consumer's span link with the producer span's real trace and span ids", () => {
    const plan = Array.from({ length: 50 }, (_, i) => planPayment(i, { seed: 9, runId: 'emit' })).find(
      (p) => p.outcome === 'paid',
    )!;
    const { telemetry, exporter } = inMemoryTelemetry();
    const contexts = new Map<string, SpanContext>();
    for (const trace of plan.traces) emitTrace(telemetry, trace, Date.UTC(2026, 0, 1), contexts, () => {});
    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.filter((s: ReadableSpan) => s.name === name);
    const [producer] = named('publish payment.succeeded');
    const consumers = named('process payment.succeeded');
    expect(producer).toBeDefined();
    expect(consumers.length).toBeGreaterThan(0);
    for (const consumer of consumers) {
      expect(consumer.parentSpanContext).toBeUndefined();
      expect(consumer.spanContext().traceId).not.toBe(producer!.spanContext().traceId);
      expect(consumer.links.map((l) => l.context)).toEqual([
        expect.objectContaining({
          traceId: producer!.spanContext().traceId,
          spanId: producer!.spanContext().spanId,
        }),
      ]);
    }
    // One trace per planned trace, each with one root.
    const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(plan.traces.length);
    expect(spans.filter((s) => !s.parentSpanContext)).toHaveLength(plan.traces.length);
  });
});
