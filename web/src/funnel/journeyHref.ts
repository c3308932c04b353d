/**
 * Where a journey opens: a journey without a key is a single trace whose "key" is its TraceId, and
 * the journey endpoint only knows real keys, so that one opens as a trace.
 */
export function journeyHref(key: string, traceIds: readonly string[], search: string): string {
  const query = search ? `?${search}` : '';
  if (traceIds.length === 1 && traceIds[0] === key) return `/traces/${encodeURIComponent(key)}${query}`;
  return `/journeys/${encodeURIComponent(key)}${query}`;
}
