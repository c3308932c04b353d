/**
 * The step page's histogram: the API's log-spaced latency buckets (bucket i holds durations above
 * bound i−1 up to bound i; the last bound is +Inf, null), trimmed to the buckets with spans, the
 * earlier window beside them, and a dragged band of buckets turned into the API's [minMs, maxMs).
 */

export interface Bucket {
  leMs: number | null;
  count: number;
}

export interface HistogramRow {
  /** Index into the API's bucket list. */
  index: number;
  /** Upper bound in ms (null: +Inf). */
  leMs: number | null;
  count: number;
  /** The earlier window's count (compare), when there is one. */
  previous?: number;
}

/** First and last bucket holding a span in any of the lists; undefined when all are empty. */
export function occupiedRange(
  ...lists: readonly (readonly Bucket[] | undefined)[]
): [number, number] | undefined {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const list of lists) {
    list?.forEach((bucket, i) => {
      if (bucket.count > 0) {
        low = Math.min(low, i);
        high = Math.max(high, i);
      }
    });
  }
  return low <= high ? [low, high] : undefined;
}

/** Rows for the chart: the occupied buckets, with the previous window's counts when given. */
export function histogramRows(current: readonly Bucket[], previous?: readonly Bucket[]): HistogramRow[] {
  const range = occupiedRange(current, previous);
  if (!range) return [];
  const rows: HistogramRow[] = [];
  for (let i = range[0]; i <= range[1]; i++) {
    const bucket = current[i] ?? { leMs: previous?.[i]?.leMs ?? null, count: 0 };
    rows.push({
      index: i,
      leMs: bucket.leMs,
      count: bucket.count,
      ...(previous ? { previous: previous[i]?.count ?? 0 } : {}),
    });
  }
  return rows;
}

export interface LatencyBand {
  /** Durations ≥ minMs (undefined: no lower bound). */
  minMs?: number;
  /** Durations < maxMs (undefined: no upper bound). */
  maxMs?: number;
}

/** One nanosecond in ms: bounds are whole nanoseconds, so (a, b] is [a + 1 ns, b + 1 ns). */
const NS = 1e-6;

/**
 * The band holding exactly the buckets from `first` to `last` (either order): their spans and no
 * others, so the selection's count equals the sum of those buckets.
 */
export function bandOfBuckets(bounds: readonly (number | null)[], first: number, last: number): LatencyBand {
  const low = Math.min(first, last);
  const high = Math.max(first, last);
  const below = low > 0 ? bounds[low - 1] : undefined;
  const top = bounds[high];
  return {
    ...(below === undefined || below === null ? {} : { minMs: roundNs(below + NS) }),
    ...(top === undefined || top === null ? {} : { maxMs: roundNs(top + NS) }),
  };
}

/** Whether a bucket lies inside a band (for highlighting the selection). */
export function bucketInBand(bounds: readonly (number | null)[], index: number, band: LatencyBand): boolean {
  const lowerMs = index > 0 ? (bounds[index - 1] ?? Number.POSITIVE_INFINITY) : 0;
  const upperMs = bounds[index] ?? Number.POSITIVE_INFINITY;
  // Half a nanosecond of slack either way absorbs float noise in bounds that are whole nanoseconds.
  return (
    (band.minMs === undefined || lowerMs > band.minMs - 1.5 * NS) &&
    (band.maxMs === undefined || upperMs < band.maxMs - NS / 2)
  );
}

/** Milliseconds to whole nanoseconds and back, dropping float noise (0.1 + 1e-6 → 0.100001). */
function roundNs(ms: number): number {
  return Math.round(ms * 1e6) / 1e6;
}
