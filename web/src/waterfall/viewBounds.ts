/**
 * The current zoom of a timeline, as in jaeger-ui's `createViewedBoundsFunc`: the trace spans
 * [minMs, maxMs]; the visible window is the fraction [viewStart, viewEnd] of it.
 */
export interface ViewRange {
  minMs: number;
  maxMs: number;
  viewStart: number;
  viewEnd: number;
}

export interface ViewedBounds {
  /** Fractions of the visible width; outside [0,1] when the span is (partly) off-screen. */
  start: number;
  end: number;
}

/** Maps a start/end time (same unit as min/max) to fractions of the visible window. */
export function createViewedBoundsFunc(range: ViewRange): (startMs: number, endMs: number) => ViewedBounds {
  const duration = range.maxMs - range.minMs;
  const viewMin = range.minMs + range.viewStart * duration;
  const viewMax = range.maxMs - (1 - range.viewEnd) * duration;
  const window = viewMax - viewMin;
  if (!(window > 0)) return () => ({ start: 0, end: 0 });
  return (startMs, endMs) => ({ start: (startMs - viewMin) / window, end: (endMs - viewMin) / window });
}

/** Whether a bar is at least partly inside the visible window. */
export function isInView(bounds: ViewedBounds): boolean {
  return bounds.end >= 0 && bounds.start <= 1;
}

/** Clips fractions to [0,1] for drawing, keeping a minimum visible width so tiny spans stay clickable. */
export function clipForDrawing(bounds: ViewedBounds, minWidth = 0.002): { left: number; width: number } {
  const left = Math.min(1, Math.max(0, bounds.start));
  const right = Math.min(1, Math.max(0, bounds.end));
  const width = Math.max(minWidth, right - left);
  return { left: Math.min(left, 1 - width), width };
}
