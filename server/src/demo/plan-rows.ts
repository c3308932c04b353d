import { createHash } from 'node:crypto';
import type { SpanRow } from '@paylens/store';
import { SERVICE_VERSIONS } from './catalog.ts';
import type { AttributeValue, PaymentPlan, PlannedKind, PlannedStatus } from './plan-types.ts';

/**
 * A payment plan as otel_traces rows, the way the OpenTelemetry Collector's ClickHouse exporter
 * stores them: for seeding a store directly (tests, benchmarks) without going through OTLP.
 * Ids are derived from the order id, so the same plan gives the same rows.
 */
export interface PlanRowOptions {
  /** The payment's start (offset 0 of the plan), epoch milliseconds. */
  startEpochMs: number;
  /** The exporter's current enum spellings (`Server`, `Error`) or the older ones (`SPAN_KIND_SERVER`). */
  spelling?: 'current' | 'legacy';
  environment?: string;
}

const KINDS: Record<PlannedKind, string> = {
  server: 'Server',
  client: 'Client',
  internal: 'Internal',
  producer: 'Producer',
  consumer: 'Consumer',
};
const STATUSES: Record<PlannedStatus, string> = { ok: 'Ok', error: 'Error', unset: 'Unset' };

function hexId(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function strings(attributes: Record<string, AttributeValue>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, String(value)]));
}

/** One row per planned span, in plan order (traces in order, parents first). */
export function planRows(plan: PaymentPlan, options: PlanRowOptions): SpanRow[] {
  const legacy = options.spelling === 'legacy';
  const baseNs = BigInt(options.startEpochMs) * 1_000_000n;
  const atNs = (offsetMs: number) => baseNs + BigInt(Math.round(offsetMs * 1e6));
  const spanId = (ref: string) => hexId(`${plan.orderId}/${ref}`, 16);
  const traceOf = new Map<string, string>();
  plan.traces.forEach((trace, i) => {
    for (const span of trace.spans) traceOf.set(span.ref, hexId(`${plan.orderId}#${i}`, 32));
  });
  return plan.traces.flatMap((trace) =>
    trace.spans.map((span): SpanRow => {
      const startNs = atNs(span.startMs);
      const links = (span.linkRefs ?? []).filter((ref) => traceOf.has(ref));
      const events = span.events ?? [];
      return {
        Timestamp: startNs.toString(),
        TraceId: traceOf.get(span.ref)!,
        SpanId: spanId(span.ref),
        ParentSpanId: span.parentRef ? spanId(span.parentRef) : '',
        TraceState: '',
        SpanName: span.name,
        SpanKind: legacy ? `SPAN_KIND_${KINDS[span.kind].toUpperCase()}` : KINDS[span.kind],
        ServiceName: span.service,
        ResourceAttributes: {
          'service.name': span.service,
          'service.version': SERVICE_VERSIONS[span.service],
          'deployment.environment.name': options.environment ?? 'demo',
        },
        ScopeName: 'paylens-demo',
        ScopeVersion: '0.1.0',
        SpanAttributes: strings(span.attributes),
        Duration: (atNs(span.endMs) - startNs).toString(),
        StatusCode: legacy ? `STATUS_CODE_${STATUSES[span.status].toUpperCase()}` : STATUSES[span.status],
        StatusMessage: span.statusMessage ?? '',
        'Events.Timestamp': events.map((event) => atNs(event.atMs).toString()),
        'Events.Name': events.map((event) => event.name),
        'Events.Attributes': events.map((event) => strings(event.attributes)),
        'Links.TraceId': links.map((ref) => traceOf.get(ref)!),
        'Links.SpanId': links.map(spanId),
        'Links.TraceState': links.map(() => ''),
        'Links.Attributes': links.map(() => ({})),
      };
    }),
  );
}
