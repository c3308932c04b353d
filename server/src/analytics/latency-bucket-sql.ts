import { type SqlFragment, sql, typed } from '@paylens/store';
import { LATENCY_BOUNDS_NS } from '../analysis/latency-buckets.ts';

/**
 * latencyBucketIndex (analysis/latency-buckets.ts) as a ClickHouse expression over `Duration` (ns).
 * The logarithm guesses the bucket (ten per decade, 1e5 ns = bucket 0), two comparisons with the
 * integer bounds correct a guess that floating point put one off at a bound: exact, and 10× faster
 * than comparing with every bound.
 */
export function latencyBucketSql(): SqlFragment {
  const bounds = typed('Array(UInt64)', [...LATENCY_BOUNDS_NS]);
  const last = LATENCY_BOUNDS_NS.length;
  return sql`(toUInt8(greatest(0, least(${typed('Float64', last)}, ceil(10 * log10(greatest(Duration, 1)) - 50)))) AS LatencyGuess)
    - (LatencyGuess > 0 AND Duration <= arrayElement(${bounds}, LatencyGuess))
    + (LatencyGuess < ${last} AND Duration > arrayElement(${bounds}, LatencyGuess + 1))`;
}
