/**
 * Log-spaced latency buckets for step distributions: ten per decade from 0.1 ms to 100 s, then +Inf.
 * Bucket i holds the durations d with bound(i−1) < d ≤ bound(i) (in integer nanoseconds, so every
 * span lands in exactly one bucket, the same one in TypeScript and in ClickHouse).
 */

const PER_DECADE = 10;
/** Exponent (base 10, in milliseconds) of the first and last finite bounds: 0.1 ms and 100 s. */
const FIRST_EXPONENT = -1;
const LAST_EXPONENT = 5;

/** The finite upper bounds in nanoseconds, ascending (61 of them). */
export const LATENCY_BOUNDS_NS: readonly number[] = Array.from(
  { length: (LAST_EXPONENT - FIRST_EXPONENT) * PER_DECADE + 1 },
  (_, i) => Math.round(10 ** (FIRST_EXPONENT + i / PER_DECADE) * 1e6),
);

/** Number of buckets: one per finite bound, plus +Inf. */
export const LATENCY_BUCKET_COUNT = LATENCY_BOUNDS_NS.length + 1;

/** Upper bound of each bucket in milliseconds; null stands for +Inf (JSON has no infinity). */
export const LATENCY_BOUNDS_MS: readonly (number | null)[] = [
  ...LATENCY_BOUNDS_NS.map((ns) => ns / 1e6),
  null,
];

/** The bucket (0 … LATENCY_BUCKET_COUNT − 1) of a duration in nanoseconds. */
export function latencyBucketIndex(durationNs: number): number {
  let low = 0;
  let high = LATENCY_BOUNDS_NS.length;
  // First bound ≥ the duration (binary search); past the last bound is +Inf.
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((LATENCY_BOUNDS_NS[mid] as number) >= durationNs) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Lower bound (exclusive, ms) of a bucket: the previous bucket's upper bound, 0 for the first. */
export function bucketLowerMs(index: number): number {
  return index === 0 ? 0 : ((LATENCY_BOUNDS_MS[index - 1] as number | null) ?? Number.POSITIVE_INFINITY);
}
