import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import type { NdjsonLine } from './ndjson-sender.ts';
import type { LogSeverity, PlannedKind, PlannedStatus, PlannedTrace } from './plan-types.ts';
import type { Telemetry } from './telemetry.ts';

const KINDS: Record<PlannedKind, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  internal: SpanKind.INTERNAL,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

const STATUSES: Record<PlannedStatus, SpanStatusCode> = {
  ok: SpanStatusCode.OK,
  error: SpanStatusCode.ERROR,
  unset: SpanStatusCode.UNSET,
};

const SEVERITIES: Record<LogSeverity, SeverityNumber> = {
  DEBUG: SeverityNumber.DEBUG,
  INFO: SeverityNumber.INFO,
  WARN: SeverityNumber.WARN,
  ERROR: SeverityNumber.ERROR,
};

export interface EmitCounts {
  spans: number;
  logs: number;
  ndjsonLines: number;
}

/**
 * Records one planned trace through the real SDK, with the plan's times (offsets from the
 * payment's start at `startEpochMs`), so latency is simulated without waiting for it. Span
 * contexts are kept in `contexts` so later traces of the payment can link to them.
 */
export function emitTrace(
  telemetry: Telemetry,
  planned: PlannedTrace,
  startEpochMs: number,
  contexts: Map<string, SpanContext>,
  ndjson: (line: NdjsonLine) => void,
): EmitCounts {
  const at = (offsetMs: number) => startEpochMs + offsetMs;
  const spans = new Map<string, Span>();
  for (const plannedSpan of planned.spans) {
    const parent = plannedSpan.parentRef ? spans.get(plannedSpan.parentRef) : undefined;
    const parentContext: Context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const links = (plannedSpan.linkRefs ?? []).flatMap((ref) => {
      const context = contexts.get(ref);
      return context ? [{ context }] : [];
    });
    const span = telemetry.services[plannedSpan.service].tracer.startSpan(
      plannedSpan.name,
      {
        kind: KINDS[plannedSpan.kind],
        startTime: at(plannedSpan.startMs),
        attributes: plannedSpan.attributes,
        links,
      },
      parentContext,
    );
    for (const event of plannedSpan.events ?? []) span.addEvent(event.name, event.attributes, at(event.atMs));
    if (plannedSpan.status !== 'unset') {
      span.setStatus({ code: STATUSES[plannedSpan.status], message: plannedSpan.statusMessage });
    }
    spans.set(plannedSpan.ref, span);
    contexts.set(plannedSpan.ref, span.spanContext());
  }
  for (const plannedSpan of planned.spans) spans.get(plannedSpan.ref)?.end(at(plannedSpan.endMs));

  const counts: EmitCounts = { spans: spans.size, logs: 0, ndjsonLines: 0 };
  for (const log of planned.logs) {
    const span = spans.get(log.spanRef);
    const service = planned.spans.find((s) => s.ref === log.spanRef)?.service;
    if (!span || !service) continue;
    if (log.sink === 'ndjson') {
      const { traceId, spanId } = span.spanContext();
      ndjson({
        timestamp: new Date(at(log.atMs)).toISOString(),
        level: log.severity.toLowerCase(),
        message: log.body,
        trace_id: traceId,
        span_id: spanId,
        service,
        ...log.attributes,
      });
      counts.ndjsonLines++;
    } else {
      // The log's trace and span ids come from this context, as they would from the active one.
      telemetry.services[service].logger.emit({
        timestamp: at(log.atMs),
        severityNumber: SEVERITIES[log.severity],
        severityText: log.severity,
        body: log.body,
        attributes: log.attributes,
        context: trace.setSpan(ROOT_CONTEXT, span),
      });
      counts.logs++;
    }
  }
  return counts;
}
