import { z } from 'zod';
import { ApiError, apiUrl, requestJson, validate } from './client.ts';
import { type Span, spanSchema, type TraceView, traceViewHeadSchema } from './schemas/traces.ts';

const CHUNK = 5000;

/**
 * Validates a trace or journey. The span list is checked in chunks with a yield between them, so a
 * 100,000-span trace keeps the tab responsive while it is parsed.
 */
export async function parseTraceView(body: unknown, what: string, signal?: AbortSignal): Promise<TraceView> {
  const head = validate(traceViewHeadSchema, body, what);
  const rawSpans = (body as { spans?: unknown }).spans;
  if (!Array.isArray(rawSpans))
    throw new ApiError(200, 'bad_shape', `Unexpected ${what} response at spans: not a list`);
  const spans: Span[] = new Array(rawSpans.length);
  const chunkSchema = z.array(spanSchema);
  for (let offset = 0; offset < rawSpans.length; offset += CHUNK) {
    if (offset > 0) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal?.throwIfAborted();
    }
    const chunk = validate(chunkSchema, rawSpans.slice(offset, offset + CHUNK), `${what} spans[${offset}…]`);
    for (let i = 0; i < chunk.length; i++) spans[offset + i] = chunk[i]!;
  }
  return { ...head, spans };
}

export type TraceViewKind = 'trace' | 'journey';

/** One page of a trace's or journey's rows (depth-first order, so each page extends the tree below). */
export async function fetchTraceView(
  kind: TraceViewKind,
  id: string,
  page: { offset?: number; limit?: number },
  signal?: AbortSignal,
): Promise<TraceView> {
  const path = `/${kind === 'trace' ? 'traces' : 'journeys'}/${encodeURIComponent(id)}`;
  const body = await requestJson(apiUrl(path, { offset: page.offset || undefined, limit: page.limit }), {
    signal,
  });
  return parseTraceView(body, kind, signal);
}

/** Appends a later page to what is loaded; logs and header figures come from the first page. */
export function appendPage(loaded: TraceView, next: TraceView): TraceView {
  const spans = loaded.spans.concat(next.spans);
  const totalSpans = next.totalSpans ?? loaded.totalSpans;
  return {
    ...loaded,
    spans,
    criticalPath: [...(loaded.criticalPath ?? []), ...(next.criticalPath ?? [])],
    totalSpans,
    truncated: totalSpans !== undefined ? spans.length < totalSpans : next.truncated,
  };
}
