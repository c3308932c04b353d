import type { LayoutRow, SkeletonSpan } from './layout-trace.ts';
import { nanosToMs } from './nanos.ts';
import { normalizeKind, normalizeStatus } from './span-status.ts';
import type { AttributeMap, WaterfallSpan } from './waterfall-span.ts';

/** A span with everything the waterfall shows; times are exact epoch nanoseconds. */
export interface SpanDetail extends SkeletonSpan {
  service: string;
  name: string;
  /** As stored: `Server` or `SPAN_KIND_SERVER`. */
  kind: string;
  /** As stored: `Error` or `STATUS_CODE_ERROR`. */
  statusCode: string;
  statusMessage: string;
  attributes: AttributeMap;
  resource: AttributeMap;
  events: { timeNs: bigint; name: string; attributes: AttributeMap }[];
}

/** The step a span belongs to and whether it timed out (the link's one definition, injected). */
export type SpanClassifier = (span: SpanDetail) => { step: string | null; timeout: boolean };

/** Where a duration falls among its step's recent durations, 0–100, or null when unknown. */
export type PercentileLookup = (step: string, durationNs: number) => number | null;

/**
 * Turns layout rows into response spans. `detailOf` supplies each row's full span (the same
 * array as the layout's input, or a second read for just one page of a large trace).
 */
export function renderSpans(
  originNs: bigint,
  rows: readonly LayoutRow[],
  detailOf: (row: LayoutRow) => SpanDetail | undefined,
  classify: SpanClassifier,
  percentile?: PercentileLookup,
): WaterfallSpan[] {
  const spans: WaterfallSpan[] = [];
  for (const row of rows) {
    const span = detailOf(row);
    if (!span) continue;
    const { step, timeout } = classify(span);
    spans.push({
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      service: span.service,
      name: span.name,
      kind: normalizeKind(span.kind),
      startOffsetMs: nanosToMs(row.startOffsetNs),
      durationMs: nanosToMs(row.durationNs),
      selfMs: nanosToMs(row.selfNs),
      depth: row.depth,
      step,
      status: normalizeStatus(span.statusCode),
      timeout,
      statusMessage: span.statusMessage,
      onCriticalPath: row.onCriticalPath,
      attributes: span.attributes,
      events: span.events.map((event) => ({
        name: event.name,
        offsetMs: nanosToMs(Number(event.timeNs - originNs)),
        attributes: event.attributes,
      })),
      resource: span.resource,
      childCount: row.childCount,
      percentile: step !== null && percentile ? percentile(step, row.durationNs) : null,
    });
  }
  return spans;
}
