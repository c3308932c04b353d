import type { JourneyTrace, TraceView } from '../api/schemas/traces.ts';

/** One trace of a journey and how it joined; `via` is null when the server does not say (older servers). */
export interface JourneyTraceEntry {
  traceId: string;
  via: JourneyTrace['via'] | null;
  /** For `via: 'link'`: the trace its span link points to, when known. */
  linkedFrom: string | null;
}

/** The first 8 hex digits of a trace id and an ellipsis ("4bf92f35…"); short ids are kept whole. */
export function shortTraceId(traceId: string): string {
  return traceId.length > 8 ? `${traceId.slice(0, 8)}…` : traceId;
}

/**
 * The journey's traces in the server's order: `traces` when sent, else `traceIds`, else the traces
 * the spans belong to. Traces with spans that the list leaves out are appended, so none is hidden.
 */
export function journeyTraceList(
  view: Pick<TraceView, 'traces' | 'traceIds'>,
  spanTraceIds: readonly string[],
): JourneyTraceEntry[] {
  const listed: JourneyTraceEntry[] = view.traces
    ? view.traces.map((t) => ({ traceId: t.traceId, via: t.via, linkedFrom: t.linkedFrom || null }))
    : (view.traceIds ?? []).map((traceId) => ({ traceId, via: null, linkedFrom: null }));
  const seen = new Set(listed.map((t) => t.traceId));
  for (const traceId of spanTraceIds) {
    if (seen.has(traceId)) continue;
    seen.add(traceId);
    listed.push({ traceId, via: null, linkedFrom: null });
  }
  return listed;
}

/** How a trace joined its journey, in words ('' when unknown). */
export function joinedText(entry: JourneyTraceEntry): string {
  switch (entry.via) {
    case 'key':
      return 'joined by journey key';
    case 'link':
      return entry.linkedFrom
        ? `joined by span link from ${shortTraceId(entry.linkedFrom)}`
        : 'joined by span link';
    case 'trace':
      return 'a journey of its own (no key)';
    default:
      return '';
  }
}

/** Traces that joined only through a span link → the tooltip of their spans' marker. */
export function linkJoinedTitles(entries: readonly JourneyTraceEntry[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const entry of entries) {
    if (entry.via !== 'link') continue;
    titles.set(entry.traceId, `Trace ${shortTraceId(entry.traceId)} ${joinedText(entry)}`);
  }
  return titles;
}
