/** A step's duration distribution as quantile thresholds, ascending levels (e.g. 0.01 … 0.99, 0.999). */
export interface QuantileLadder {
  levels: readonly number[];
  /** Duration at each level, nanoseconds. */
  valuesNs: readonly number[];
}

/** The quantile levels the ladder is read at: every percent, plus 99.9. */
export const LADDER_LEVELS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, i) => (i + 1) / 100),
  0.999,
];

/**
 * The percentile a duration sits at: the highest level whose threshold it reaches ("p97" means at
 * least as slow as 97% of the step's spans), 0 below the first threshold. Rounded to the level.
 */
export function percentileRank(durationNs: number, ladder: QuantileLadder): number | null {
  if (ladder.levels.length === 0 || ladder.levels.length !== ladder.valuesNs.length) return null;
  let low = 0;
  let high = ladder.valuesNs.length;
  // Binary search for the number of thresholds <= durationNs (the thresholds are non-decreasing).
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ladder.valuesNs[mid] ?? Number.POSITIVE_INFINITY) <= durationNs) low = mid + 1;
    else high = mid;
  }
  if (low === 0) return 0;
  return Math.round((ladder.levels[low - 1] ?? 0) * 1000) / 10;
}
