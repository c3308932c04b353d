import type { SpanKindName, SpanStatus } from './span-status.ts';

export type AttributeMap = Record<string, string>;

export interface WaterfallEvent {
  name: string;
  /** Milliseconds from the trace (or journey) start. */
  offsetMs: number;
  attributes: AttributeMap;
}

/** One span of the trace/journey response (../shared/DESIGN.md), plus extensions noted below. */
export interface WaterfallSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: SpanKindName;
  startOffsetMs: number;
  durationMs: number;
  selfMs: number;
  depth: number;
  step: string | null;
  status: SpanStatus;
  timeout: boolean;
  statusMessage: string;
  onCriticalPath: boolean;
  /** Span attributes. */
  attributes: AttributeMap;
  events: WaterfallEvent[];
  /** Extension: resource attributes, kept apart from the span's own. */
  resource: AttributeMap;
  /** Extension: number of child spans in the tree (for collapsing subtrees). */
  childCount: number;
  /** Extension: the span's percentile (0–100) among its step's spans over the last 24 h. */
  percentile: number | null;
}
