/** The zoom window as fractions [start, end] of the whole trace; [0, 1] shows everything. */
export interface ZoomWindow {
  start: number;
  end: number;
}

export const FULL_WINDOW: ZoomWindow = { start: 0, end: 1 };
/** Narrowest window allowed, so a zoom never collapses to nothing. */
export const MIN_WIDTH = 1e-5;

/** A window from two fractions in any order, clamped to [0,1] and widened to the minimum. */
export function normalizeWindow(a: number, b: number): ZoomWindow {
  let start = Math.max(0, Math.min(1, Math.min(a, b)));
  let end = Math.max(0, Math.min(1, Math.max(a, b)));
  if (end - start < MIN_WIDTH) {
    const mid = (start + end) / 2;
    start = Math.max(0, Math.min(1 - MIN_WIDTH, mid - MIN_WIDTH / 2));
    end = start + MIN_WIDTH;
  }
  return { start, end };
}

/** Maps a fraction of the visible window (e.g. a mouse x) to a fraction of the whole trace. */
export function toTraceFraction(window: ZoomWindow, viewFraction: number): number {
  return window.start + viewFraction * (window.end - window.start);
}

/** Zooms to a dragged selection given as fractions of the visible window. */
export function zoomToSelection(window: ZoomWindow, viewA: number, viewB: number): ZoomWindow {
  return normalizeWindow(toTraceFraction(window, viewA), toTraceFraction(window, viewB));
}

/** Zooms by `factor` (< 1 zooms in) keeping the point at `viewFraction` still. */
export function zoomAround(window: ZoomWindow, viewFraction: number, factor: number): ZoomWindow {
  const anchor = toTraceFraction(window, viewFraction);
  const width = Math.min(1, Math.max(MIN_WIDTH, (window.end - window.start) * factor));
  let start = anchor - viewFraction * width;
  start = Math.max(0, Math.min(1 - width, start));
  return { start, end: start + width };
}

/** Moves the window by `viewDelta` window-widths, stopping at the trace's edges. */
export function panBy(window: ZoomWindow, viewDelta: number): ZoomWindow {
  const width = window.end - window.start;
  const start = Math.max(0, Math.min(1 - width, window.start + viewDelta * width));
  return { start, end: start + width };
}

/** The window that frames a span (offsets in ms within a trace of `traceMs`), with a margin either side. */
export function windowForSpan(
  startMs: number,
  durationMs: number,
  traceMs: number,
  margin = 0.05,
): ZoomWindow {
  if (!(traceMs > 0)) return FULL_WINDOW;
  const pad = Math.max(durationMs, traceMs * MIN_WIDTH) * margin;
  return normalizeWindow((startMs - pad) / traceMs, (startMs + durationMs + pad) / traceMs);
}

export function isFullWindow(window: ZoomWindow): boolean {
  return window.start <= 0 && window.end >= 1;
}

/** `zoom=0.1,0.35` in the URL (four significant digits suffice on screen). */
export function formatWindow(window: ZoomWindow): string {
  return `${Number(window.start.toPrecision(6))},${Number(window.end.toPrecision(6))}`;
}

export function parseWindow(value: string | null): ZoomWindow {
  if (!value) return FULL_WINDOW;
  const [a, b] = value.split(',').map(Number);
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a === b)
    return FULL_WINDOW;
  return normalizeWindow(a, b);
}
