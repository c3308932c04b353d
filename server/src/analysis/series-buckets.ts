/** Bucket widths offered when the caller does not choose one: tidy and aligned to the clock. */
const AUTO_BUCKETS_MS = [
  10_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000,
] as const;

export const MAX_SERIES_POINTS = 2000;

/** The smallest tidy bucket giving at most `targetPoints` points over [fromMs, toMs). */
export function autoBucketMs(fromMs: number, toMs: number, targetPoints = 120): number {
  const span = toMs - fromMs;
  return AUTO_BUCKETS_MS.find((bucket) => span / bucket <= targetPoints) ?? 86_400_000;
}

/** Start times (epoch ms, multiples of bucketMs) of every bucket overlapping [fromMs, toMs). */
export function bucketStarts(fromMs: number, toMs: number, bucketMs: number): number[] {
  const starts: number[] = [];
  for (let t = Math.floor(fromMs / bucketMs) * bucketMs; t < toMs; t += bucketMs) starts.push(t);
  return starts;
}

/** One point per bucket: the observed one, or `empty(t)` where nothing was observed. */
export function fillBuckets<P extends { t: number }>(
  observed: readonly P[],
  starts: readonly number[],
  empty: (t: number) => P,
): P[] {
  const byStart = new Map(observed.map((point) => [point.t, point]));
  return starts.map((t) => byStart.get(t) ?? empty(t));
}
