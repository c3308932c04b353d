import { nearestRank, QUANTILES } from './quantiles.ts';

/**
 * The value in ns a histogram key of the journey rollups stands for: '-' holds zeros, bucket b the
 * durations that round to 1.02^b ns (so the value is within 1% of each of them).
 */
export function bucketValueNs(key: string): number {
  return key === '-' ? 0 : Math.round(1.02 ** Number(key));
}

/**
 * QUANTILES (nearest-rank, in QUANTILES order) of the values a histogram of [key, count] pairs
 * counts: per level, the value of the bucket holding rank ⌈q·n⌉. Undefined when it counts nothing.
 */
export function histogramQuantilesNs(entries: Iterable<readonly [string, number]>): number[] | undefined {
  const buckets = [...entries]
    .filter(([, count]) => count > 0)
    .map(([key, count]) => ({ value: bucketValueNs(key), count }))
    .sort((a, b) => a.value - b.value);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return undefined;
  return QUANTILES.map((q) => {
    const rank = nearestRank(q.level, total);
    let seen = 0;
    for (const bucket of buckets) {
      seen += bucket.count;
      if (seen >= rank) return bucket.value;
    }
    return buckets.at(-1)!.value;
  });
}
