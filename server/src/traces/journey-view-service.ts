import { notFound } from '../http/api-error.ts';
import { readJourneyTraces } from './journey-index-reader.ts';
import { coveringWindow } from './time-window.ts';
import { loadWaterfall, type SpanPage, type WaterfallBody, type WaterfallDeps } from './waterfall-loader.ts';

/** A journey (an order id…) joining many traces; past this many, the latest are left out. */
export const MAX_JOURNEY_TRACES = 1_000;

export type JourneyView = { key: string } & WaterfallBody & { traceIds: string[]; tracesTruncated: boolean };

/** All spans of a journey's traces on one time axis, each span keeping its traceId, with their logs. */
export async function getJourneyView(
  deps: WaterfallDeps,
  journeyKeyAttributes: readonly string[],
  key: string,
  page: SpanPage,
): Promise<JourneyView> {
  const traces = await readJourneyTraces(deps.driver, key, MAX_JOURNEY_TRACES + 1);
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
  return { key, ...body, traceIds, tracesTruncated };
}
