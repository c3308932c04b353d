import { type SkeletonSpan, spanKey } from './layout-trace.ts';

/**
 * Keeps the first row of each (traceId, spanId): an exporter that retried a batch without
 * deduplication stores a span twice, and the waterfall should still show it once.
 */
export function dropDuplicateSpans<Span extends SkeletonSpan>(spans: readonly Span[]): Span[] {
  const seen = new Set<string>();
  return spans.filter((span) => {
    const key = spanKey(span.traceId, span.spanId);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
