import type { LogRecord, Span, SpanEvent, TraceView } from '../api/schemas/traces.ts';
import { violationsBySpan } from '../checks/violationMarks.ts';
import { journeyTraceList, linkJoinedTitles } from '../traces/journeyTraces.ts';
import { assignServiceColors } from './serviceColors.ts';
import { buildSpanTree, createSpanIndex, type SpanTree } from './spanTree.ts';

/** Everything the waterfall derives once per trace: tree, colours, extent, logs by span. */
export interface WaterfallModel {
  spans: Span[];
  tree: SpanTree;
  /** Milliseconds from the first span start to the last span end (at least the API's duration). */
  traceMs: number;
  traceStartMs: number;
  colors: Map<string, string>;
  /** span index → its logs, by offset */
  logsBySpan: Map<number, LogRecord[]>;
  /** All logs by offset. */
  logs: LogRecord[];
  /** spanId → span index (the first, should two traces of a journey share an id). */
  indexBySpanId: Map<string, number>;
  traceIds: string[];
  services: string[];
  /** span index → the parts of it on the critical path (when the API sends exact sections). */
  criticalSections: Map<number, { startMs: number; endMs: number }[]>;
  /** traceId → a marker's tooltip, for the traces that joined the journey only through a span link. */
  linkJoined: Map<string, string>;
  /** spanId → the consistency checks it offends (journeys only). */
  violations: Map<string, string[]>;
}

export function buildWaterfallModel(view: TraceView): WaterfallModel {
  const { spans } = view;
  const index = createSpanIndex(spans);
  const tree = buildSpanTree(spans, index);
  let end = view.durationMs;
  const services = new Set<string>();
  const traceIds = new Set<string>();
  const indexBySpanId = new Map<string, number>();
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    end = Math.max(end, s.startOffsetMs + s.durationMs);
    services.add(s.service);
    traceIds.add(s.traceId);
    if (!indexBySpanId.has(s.spanId)) indexBySpanId.set(s.spanId, i);
  }
  const logs = [...view.logs].sort((a, b) => a.offsetMs - b.offsetMs);
  const logsBySpan = new Map<number, LogRecord[]>();
  for (const log of logs) {
    if (!log.spanId) continue;
    const spanIndex = log.traceId ? index.get(log.traceId, log.spanId) : indexBySpanId.get(log.spanId);
    if (spanIndex === undefined) continue;
    const list = logsBySpan.get(spanIndex);
    if (list) list.push(log);
    else logsBySpan.set(spanIndex, [log]);
  }
  const criticalSections = new Map<number, { startMs: number; endMs: number }[]>();
  for (const section of view.criticalPath ?? []) {
    const spanIndex = index.get(section.traceId, section.spanId);
    if (spanIndex === undefined) continue;
    const part = { startMs: section.startOffsetMs, endMs: section.endOffsetMs };
    const list = criticalSections.get(spanIndex);
    if (list) list.push(part);
    else criticalSections.set(spanIndex, [part]);
  }
  return {
    spans,
    tree,
    criticalSections,
    traceMs: Math.max(end, 0),
    traceStartMs: view.startTime,
    colors: assignServiceColors(services),
    logsBySpan,
    logs,
    indexBySpanId,
    traceIds: [...traceIds],
    linkJoined: linkJoinedTitles(journeyTraceList(view, [])),
    violations: violationsBySpan(view.violations),
    services: [...services].sort(),
  };
}

/** An event's offset from the trace start: given by the API, or derived from its timestamp. */
export function eventOffsetMs(event: SpanEvent, traceStartMs: number): number | null {
  if (event.offsetMs !== undefined) return event.offsetMs;
  if (event.timestamp !== undefined) return event.timestamp - traceStartMs;
  return null;
}

/** Whether an event records an exception (drawn as an error mark). */
export function isExceptionEvent(event: SpanEvent): boolean {
  return event.name === 'exception' || 'exception.type' in event.attributes;
}

/**
 * A case-insensitive filter over service, operation, step, status and attribute values; `errorsOnly`
 * keeps spans in error or timed out.
 */
export function spanMatcher(
  spans: readonly Span[],
  text: string,
  errorsOnly: boolean,
): ((index: number) => boolean) | null {
  const needle = text.trim().toLowerCase();
  if (!needle && !errorsOnly) return null;
  return (index) => {
    const s = spans[index]!;
    if (errorsOnly && s.status !== 'error' && !s.timeout) return false;
    if (!needle) return true;
    if (s.service.toLowerCase().includes(needle) || s.name.toLowerCase().includes(needle)) return true;
    if (s.step?.toLowerCase().includes(needle) || s.spanId === needle) return true;
    for (const value of Object.values(s.attributes)) {
      if (String(value).toLowerCase().includes(needle)) return true;
    }
    return false;
  };
}

/** The time extent of the shown tree: the whole trace, or a re-rooted span's subtree. */
export function viewExtent(
  model: WaterfallModel,
  rootPosition: number | null,
): { minMs: number; maxMs: number } {
  if (rootPosition === null) return { minMs: 0, maxMs: model.traceMs };
  const { tree, spans } = model;
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  for (let p = rootPosition; p < tree.subtreeEnd[rootPosition]!; p++) {
    const s = spans[tree.order[p]!]!;
    minMs = Math.min(minMs, s.startOffsetMs);
    maxMs = Math.max(maxMs, s.startOffsetMs + s.durationMs);
  }
  return Number.isFinite(minMs) ? { minMs, maxMs } : { minMs: 0, maxMs: model.traceMs };
}
