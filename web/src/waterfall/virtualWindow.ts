/** Which rows of a fixed-row-height list to render for the current scroll position. */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below so fast scrolling shows no gaps. */
  overscan?: number;
}

export interface RowWindow {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last to render (exclusive). */
  end: number;
  /** Pixel offset of `start`. */
  offsetTop: number;
  totalHeight: number;
}

export function visibleWindow(input: WindowInput): RowWindow {
  const { rowHeight, rowCount } = input;
  const overscan = input.overscan ?? 8;
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  const top = Math.max(0, Math.min(input.scrollTop, totalHeight));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, input.viewportHeight)) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, last + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings `row` into view with the least movement (unchanged when already visible). */
export function scrollToReveal(
  row: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const top = row * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
