/**
 * The step page's heatmap as a grid: columns are time buckets, rows latency buckets (slowest at the
 * top). Pure geometry and colour, so the canvas only paints and the tests need no browser.
 */

export interface HeatmapData {
  bucketMs: number;
  t: readonly number[];
  leMs: readonly (number | null)[];
  /** counts[column][bucket] */
  counts: readonly (readonly number[])[];
}

export interface GridLayout {
  width: number;
  height: number;
  columns: number;
  /** The latency buckets shown, lowest first: [low, high] indices into leMs. */
  rows: [number, number];
}

export interface Cell {
  column: number;
  /** Index into leMs. */
  bucket: number;
}

export function cellSize(layout: GridLayout): { w: number; h: number } {
  const rowCount = layout.rows[1] - layout.rows[0] + 1;
  return { w: layout.width / Math.max(1, layout.columns), h: layout.height / Math.max(1, rowCount) };
}

/** The rectangle of a cell, y growing downwards (slow buckets at the top). */
export function cellRect(layout: GridLayout, cell: Cell): { x: number; y: number; w: number; h: number } {
  const { w, h } = cellSize(layout);
  const fromTop = layout.rows[1] - cell.bucket;
  return { x: cell.column * w, y: fromTop * h, w, h };
}

/** The cell under a point of the canvas, clamped to the grid. */
export function cellAt(layout: GridLayout, x: number, y: number): Cell {
  const { w, h } = cellSize(layout);
  const column = clamp(Math.floor(x / w), 0, layout.columns - 1);
  const fromTop = clamp(Math.floor(y / h), 0, layout.rows[1] - layout.rows[0]);
  return { column, bucket: layout.rows[1] - fromTop };
}

/** 0 for an empty cell, else in (0, 1], logarithmic so a few slow spans still show beside thousands. */
export function shade(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.log1p(count) / Math.log1p(max);
}

export function maxCount(heatmap: HeatmapData): number {
  let max = 0;
  for (const column of heatmap.counts) for (const n of column) if (n > max) max = n;
  return max;
}

/** The time slice [fromMs, toMs) covered by the columns from `a` to `b` (either order). */
export function sliceOfColumns(heatmap: HeatmapData, a: number, b: number): { fromMs: number; toMs: number } {
  const first = Math.min(a, b);
  const last = Math.max(a, b);
  return { fromMs: heatmap.t[first] ?? 0, toMs: (heatmap.t[last] ?? 0) + heatmap.bucketMs };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * The corner cells of a selection (a time slice and the latency buckets of a band, each optional),
 * for outlining it; undefined when nothing of the grid is selected.
 */
export function selectedCells(
  heatmap: HeatmapData,
  slice: { fromMs?: number; toMs?: number },
  inBand: (bucket: number) => boolean,
): { from: Cell; to: Cell } | undefined {
  const columns = heatmap.t
    .map((t, c) => ({ t, c }))
    .filter(
      ({ t }) =>
        (slice.fromMs === undefined || t >= slice.fromMs) && (slice.toMs === undefined || t < slice.toMs),
    )
    .map(({ c }) => c);
  const buckets = heatmap.leMs.map((_, j) => j).filter(inBand);
  if (columns.length === 0 || buckets.length === 0) return undefined;
  return {
    from: { column: columns[0] as number, bucket: buckets[0] as number },
    to: { column: columns.at(-1) as number, bucket: buckets.at(-1) as number },
  };
}
