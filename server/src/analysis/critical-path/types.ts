/**
 * A span as the critical path sees it: an interval in integer nanoseconds (relative to any origin,
 * kept below 2^53 so plain numbers stay exact) and the id of its parent, if it has one.
 */
export interface PathSpan {
  id: string;
  parentId: string | undefined;
  startNs: number;
  endNs: number;
}

/** A stretch of time during which `id` was what the trace was waiting on. */
export interface PathSection {
  id: string;
  startNs: number;
  endNs: number;
}
