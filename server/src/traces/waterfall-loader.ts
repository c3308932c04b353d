import type { ClickHouseDriver } from '@paylens/store';
import { dropDuplicateSpans } from '../analysis/waterfall/drop-duplicates.ts';
import {
  type LayoutRow,
  layoutTrace,
  spanKey,
  type TraceLayout,
} from '../analysis/waterfall/layout-trace.ts';
import { isoFromNanos, nanosToMs } from '../analysis/waterfall/nanos.ts';
import { type PlacedLog, placeLogs } from '../analysis/waterfall/place-logs.ts';
import {
  type PercentileLookup,
  renderSpans,
  type SpanClassifier,
  type SpanDetail,
} from '../analysis/waterfall/render-spans.ts';
import type { WaterfallSpan } from '../analysis/waterfall/waterfall-span.ts';
import { type LogSelection, readCorrelatedLogs } from './log-reader.ts';
import { readSkeleton, readSpanDetails, readSpanDetailsById, type SpanSelection } from './span-reader.ts';

/** Beyond this many spans only the earliest are laid out (memory stays bounded, never an OOM). */
export const MAX_LAYOUT_SPANS = 250_000;
export const MAX_LOGS = 5_000;

export interface SpanPage {
  offset: number;
  limit: number;
}

/** What is known before reading: how many spans the summary counted (0 when unknown). */
export interface SpanSelectionHint {
  expectedSpans: number;
}

export interface WaterfallDeps {
  driver: ClickHouseDriver;
  classify: SpanClassifier;
  /** Where a span's duration falls within its step; resolves once per request. */
  percentiles: () => Promise<PercentileLookup | undefined>;
}

export interface CriticalPathSection {
  traceId: string;
  spanId: string;
  startOffsetMs: number;
  endOffsetMs: number;
}

/** The common body of the trace and journey responses (../shared/DESIGN.md), with extensions. */
export interface WaterfallBody {
  startTime: string;
  durationMs: number;
  spans: WaterfallSpan[];
  logs: PlacedLog[];
  startTimeUnixNano: string;
  totalSpans: number;
  offset: number;
  limit: number;
  truncated: boolean;
  logsTruncated: boolean;
  criticalPath: CriticalPathSection[];
}

interface LaidOut {
  layout: TraceLayout;
  page: readonly LayoutRow[];
  detailOf: (row: LayoutRow) => SpanDetail | undefined;
  totalSpans: number;
  capped: boolean;
}

/**
 * Reads and lays out the spans of some traces, then one page of rows. Small traces (the common
 * case) take one read of every column; larger ones are laid out from a narrow read of all their
 * spans, and only the requested page is read in full.
 */
async function layOut(
  driver: ClickHouseDriver,
  selection: SpanSelection,
  page: SpanPage,
  hint: SpanSelectionHint,
): Promise<LaidOut> {
  if (page.offset === 0 && hint.expectedSpans <= page.limit) {
    const details = dropDuplicateSpans(await readSpanDetails(driver, selection, page.limit + 1));
    if (details.length <= page.limit) {
      const layout = layoutTrace(details);
      return {
        layout,
        page: layout.rows,
        detailOf: (row) => details[row.index],
        totalSpans: details.length,
        capped: false,
      };
    }
  }
  const skeleton = dropDuplicateSpans(await readSkeleton(driver, selection, MAX_LAYOUT_SPANS + 1));
  const capped = skeleton.length > MAX_LAYOUT_SPANS;
  if (capped) skeleton.length = MAX_LAYOUT_SPANS;
  const layout = layoutTrace(skeleton);
  const rows = layout.rows.slice(page.offset, page.offset + page.limit);
  const ids = [...new Set(rows.map((row) => skeleton[row.index]?.spanId ?? ''))];
  const byKey = new Map(
    (await readSpanDetailsById(driver, selection, ids)).map((span) => [
      spanKey(span.traceId, span.spanId),
      span,
    ]),
  );
  const detailOf = (row: LayoutRow) => {
    const span = skeleton[row.index];
    return span && byKey.get(spanKey(span.traceId, span.spanId));
  };
  return { layout, page: rows, detailOf, totalSpans: skeleton.length, capped };
}

export async function loadWaterfall(
  deps: WaterfallDeps,
  selection: SpanSelection,
  page: SpanPage,
  logSelection: LogSelection,
  hint: SpanSelectionHint,
): Promise<WaterfallBody> {
  const [laidOut, logs, percentile] = await Promise.all([
    layOut(deps.driver, selection, page, hint),
    readCorrelatedLogs(deps.driver, logSelection, MAX_LOGS + 1),
    deps.percentiles(),
  ]);
  const { layout } = laidOut;
  const spans = renderSpans(layout.originNs, laidOut.page, laidOut.detailOf, deps.classify, percentile);
  const pageRows = new Map(laidOut.page.map((row) => [row.index, row]));
  const criticalPath: CriticalPathSection[] = [];
  for (const section of layout.criticalPath) {
    const row = pageRows.get(section.index);
    const span = row && laidOut.detailOf(row);
    if (!span) continue;
    criticalPath.push({
      traceId: span.traceId,
      spanId: span.spanId,
      startOffsetMs: nanosToMs(section.startOffsetNs),
      endOffsetMs: nanosToMs(section.endOffsetNs),
    });
  }
  return {
    startTime: isoFromNanos(layout.originNs),
    durationMs: nanosToMs(layout.durationNs),
    spans,
    logs: placeLogs(logs.slice(0, MAX_LOGS), layout.originNs),
    startTimeUnixNano: layout.originNs.toString(),
    totalSpans: laidOut.totalSpans,
    offset: page.offset,
    limit: page.limit,
    truncated: laidOut.capped || spans.length < laidOut.totalSpans,
    logsTruncated: logs.length > MAX_LOGS,
    criticalPath,
  };
}
