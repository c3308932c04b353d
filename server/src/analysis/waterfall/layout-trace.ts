import { computeCriticalPath } from '../critical-path/critical-path.ts';
import type { PathSpan } from '../critical-path/types.ts';
import { selfTimeNs } from './self-time.ts';
import { buildSpanTree } from './span-tree.ts';

/** The least the layout needs of a span; times are exact epoch nanoseconds. */
export interface SkeletonSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  startNs: bigint;
  durationNs: bigint;
}

/** One waterfall row, times in integer nanoseconds from the trace start. */
export interface LayoutRow {
  /** Index of the span in the input. */
  index: number;
  depth: number;
  /** Row's parent as an input index, -1 for a root. */
  parentIndex: number;
  childCount: number;
  startOffsetNs: number;
  durationNs: number;
  selfNs: number;
  onCriticalPath: boolean;
}

export interface CriticalSection {
  index: number;
  startOffsetNs: number;
  endOffsetNs: number;
}

export interface TraceLayout {
  /** Earliest span start: offsets count from here. */
  originNs: bigint;
  /** Earliest start to latest end. */
  durationNs: number;
  /** In display order (depth-first, by start time). */
  rows: LayoutRow[];
  criticalPath: CriticalSection[];
}

/** The key joining a span to its parent; journeys mix traces, so the trace id is part of it. */
export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}

/**
 * Tree, depth, offsets, self time and critical path of a trace (or of a journey's traces on one
 * time axis). Offsets are exact: nanoseconds relative to the earliest start fit a double exactly
 * for anything shorter than 104 days.
 */
export function layoutTrace(spans: readonly SkeletonSpan[]): TraceLayout {
  if (spans.length === 0) return { originNs: 0n, durationNs: 0, rows: [], criticalPath: [] };
  let originNs = spans[0]?.startNs ?? 0n;
  for (const span of spans) if (span.startNs < originNs) originNs = span.startNs;
  const startNs = spans.map((span) => Number(span.startNs - originNs));
  const endNs = spans.map((span, i) => (startNs[i] ?? 0) + Number(span.durationNs));
  const tree = buildSpanTree(
    spans.map((span, i) => ({
      key: spanKey(span.traceId, span.spanId),
      parentKey: span.parentSpanId ? spanKey(span.traceId, span.parentSpanId) : undefined,
      startNs: startNs[i] ?? 0,
    })),
  );
  const interval = (i: number) => ({ startNs: startNs[i] ?? 0, endNs: endNs[i] ?? 0 });
  const pathSpans: PathSpan[] = spans.map((_, i) => {
    const parent = tree.parent[i] ?? -1;
    return { id: String(i), parentId: parent === -1 ? undefined : String(parent), ...interval(i) };
  });
  const sections = computeCriticalPath(pathSpans);
  const onPath = new Set(sections.map((section) => Number(section.id)));
  const rows = tree.order.map((i): LayoutRow => {
    const kids = tree.children[i] ?? [];
    return {
      index: i,
      depth: tree.depth[i] ?? 0,
      parentIndex: tree.parent[i] ?? -1,
      childCount: kids.length,
      startOffsetNs: startNs[i] ?? 0,
      durationNs: (endNs[i] ?? 0) - (startNs[i] ?? 0),
      selfNs: selfTimeNs(interval(i), kids.map(interval)),
      onCriticalPath: onPath.has(i),
    };
  });
  return {
    originNs,
    durationNs: endNs.reduce((latest, end) => Math.max(latest, end), 0),
    rows,
    criticalPath: sections.map((s) => ({
      index: Number(s.id),
      startOffsetNs: s.startNs,
      endOffsetNs: s.endNs,
    })),
  };
}
