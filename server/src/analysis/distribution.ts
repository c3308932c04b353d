import { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COUNT } from './latency-buckets.ts';

/** A count of spans in one (time bucket, latency bucket) cell, as ClickHouse returns it. */
export interface CellCount {
  /** Time bucket start, epoch ms. */
  t: number;
  /** Latency bucket index (latency-buckets.ts). */
  bucket: number;
  count: number;
}

export interface Distribution {
  count: number;
  buckets: { leMs: number | null; count: number }[];
  heatmap: {
    bucketMs: number;
    t: number[];
    leMs: (number | null)[];
    /** counts[i][j]: spans starting in time bucket t[i] with a duration in latency bucket leMs[j]. */
    counts: number[][];
  };
}

/**
 * The histogram (every latency bucket, empty ones too) and the heatmap (every time bucket of
 * `starts` × every latency bucket) from the cells counted; the histogram is the heatmap's column sum.
 */
export function assembleDistribution(
  cells: readonly CellCount[],
  starts: readonly number[],
  bucketMs: number,
): Distribution {
  const row = new Map(starts.map((t, i) => [t, i]));
  const counts = starts.map(() => new Array<number>(LATENCY_BUCKET_COUNT).fill(0));
  const totals = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const cell of cells) {
    const i = row.get(cell.t);
    if (i === undefined || cell.bucket < 0 || cell.bucket >= LATENCY_BUCKET_COUNT) {
      throw new Error(`cell outside the grid: t=${cell.t}, bucket=${cell.bucket}`);
    }
    (counts[i] as number[])[cell.bucket] = ((counts[i] as number[])[cell.bucket] ?? 0) + cell.count;
    totals[cell.bucket] = (totals[cell.bucket] ?? 0) + cell.count;
  }
  return {
    count: totals.reduce((sum, n) => sum + n, 0),
    buckets: LATENCY_BOUNDS_MS.map((leMs, j) => ({ leMs, count: totals[j] ?? 0 })),
    heatmap: { bucketMs, t: [...starts], leMs: [...LATENCY_BOUNDS_MS], counts },
  };
}
