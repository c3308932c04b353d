import { notFound } from '../http/api-error.ts';
import type { JourneyTraceRef } from '../journeys/journey-traces.ts';
import { readJourneyTraces } from './journey-index-reader.ts';
import { coveringWindow } from './time-window.ts';
import { loadWaterfall, type SpanPage, type WaterfallBody, type WaterfallDeps } from './waterfall-loader.ts';

/** A journey (an order id…) joining many traces; past this many, the latest are left out. */
export const MAX_JOURNEY_TRACES = 1_000;

export type JourneyView = { key: string } & WaterfallBody & {
    traceIds: string[];
    /** How each trace joined the journey (its key, a span link, or it is the journey). */
    traces: JourneyTraceRef[];
    tracesTruncated: boolean;
  };

/**
 * All spans of a journey's traces (`refs`, from the journey model) on one time axis, each span
 * keeping its traceId, with their logs.
 */
export async function getJourneyView(
  deps: WaterfallDeps,
  journeyKeyAttributes: readonly string[],
  key: string,
  refs: readonly JourneyTraceRef[],
  page: SpanPage,
): Promise<JourneyView> {
  const traces = await readJourneyTraces(
    deps.driver,
    refs.map((ref) => ref.traceId),
    MAX_JOURNEY_TRACES + 1,
  );
  const tracesTruncated = traces.length > MAX_JOURNEY_TRACES;
  if (tracesTruncated) traces.length = MAX_JOURNEY_TRACES;
  const window = coveringWindow(traces);
  if (!window) throw notFound(`journey ${JSON.stringify(key)} not found`);
  const traceIds = traces.map((trace) => trace.traceId);
  const body = await loadWaterfall(
    deps,
    { traceIds, window },
    page,
    {
      traceIds,
      window,
      journey: { attributes: journeyKeyAttributes, key },
    },
    { expectedSpans: traces.reduce((sum, trace) => sum + trace.spanCount, 0) },
  );
  if (body.totalSpans === 0) throw notFound(`journey ${JSON.stringify(key)} not found`);
  const listed = new Set(traceIds);
  return { key, ...body, traceIds, traces: refs.filter((ref) => listed.has(ref.traceId)), tracesTruncated };
}
