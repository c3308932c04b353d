import { notFound } from '../http/api-error.ts';
import { readTraceWindow } from './trace-range-reader.ts';
import { loadWaterfall, type SpanPage, type WaterfallBody, type WaterfallDeps } from './waterfall-loader.ts';

export type TraceView = { traceId: string } & WaterfallBody;

/**
 * One trace as a waterfall with its logs. The trace's time range comes first (a lookup on the
 * summary's sort key), so the span read prunes partitions by time and granules by TraceId bloom.
 */
export async function getTraceView(deps: WaterfallDeps, traceId: string, page: SpanPage): Promise<TraceView> {
  const window = await readTraceWindow(deps.driver, traceId);
  if (!window) throw notFound(`trace ${traceId} not found`);
  const selection = { traceIds: [traceId], window };
  const body = await loadWaterfall(deps, selection, page, selection, { expectedSpans: window.spanCount });
  if (body.totalSpans === 0) throw notFound(`trace ${traceId} not found`);
  return { traceId, ...body };
}
