/**
 * The quantiles every view reports. They are nearest-rank: the value at rank ⌈q·n⌉ (1-based) of
 * the sorted values, so a reported p99 is always a latency some request really had.
 */
export const QUANTILES = [
  { name: 'p50', level: 0.5 },
  { name: 'p90', level: 0.9 },
  { name: 'p95', level: 0.95 },
  { name: 'p99', level: 0.99 },
  { name: 'p999', level: 0.999 },
] as const;

export type QuantileName = (typeof QUANTILES)[number]['name'];
export type Quantiles = Record<QuantileName, number | null>;

const PPM = 1_000_000;

/**
 * ⌈q·n⌉ in integer arithmetic (q in parts per million): 0.7·10 is 7.000000000000001 in floating
 * point, whose ceiling would be 8. Exact for n up to 9·10⁹.
 */
export function nearestRank(level: number, count: number): number {
  const scaled = Math.round(level * PPM) * count;
  let rank = Math.ceil(scaled / PPM);
  // Correct a division that rounded across an integer.
  if ((rank - 1) * PPM >= scaled) rank -= 1;
  if (rank * PPM < scaled) rank += 1;
  return Math.max(1, rank);
}

/** The nearest-rank quantile of ascending-sorted values; null when there are none. */
export function quantileOfSorted(sorted: readonly number[], level: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[nearestRank(level, sorted.length) - 1] ?? null;
}

/** Every reported quantile of the values (any order). */
export function quantilesOf(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  return Object.fromEntries(QUANTILES.map((q) => [q.name, quantileOfSorted(sorted, q.level)])) as Quantiles;
}
