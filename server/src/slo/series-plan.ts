import type { MsRange } from './count-plan.ts';
import type { GoodTotal } from './slo-maths.ts';

/**
 * Budget remaining over time: at each point t, the SLO window [t − W, t). Points are multiples of
 * the bucket; every window is then a whole number of cells of gcd(bucket, W), so counts are read
 * once per cell and each point sums its window's cells. Pure; epoch milliseconds.
 */
export interface SeriesPlan {
  /** Window ends, ascending. */
  points: number[];
  cellMs: number;
  /** What to count, per cell: [first point − W, last point). */
  read: MsRange;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Points at multiples of bucketMs within [fromMs, toMs]; undefined when there is none. */
export function planSeries(range: MsRange, bucketMs: number, windowMs: number): SeriesPlan | undefined {
  const first = Math.ceil(range.fromMs / bucketMs) * bucketMs;
  const last = Math.floor(range.toMs / bucketMs) * bucketMs;
  if (first > last) return undefined;
  const points: number[] = [];
  for (let t = first; t <= last; t += bucketMs) points.push(t);
  return { points, cellMs: gcd(bucketMs, windowMs), read: { fromMs: first - windowMs, toMs: last } };
}

/** Per point, the sum of the cells of its window; `cells` maps a cell's start (ms) to its counts. */
export function rollingCounts(
  plan: SeriesPlan,
  windowMs: number,
  cells: ReadonlyMap<number, GoodTotal>,
): GoodTotal[] {
  const starts: number[] = [];
  for (let t = plan.read.fromMs; t < plan.read.toMs; t += plan.cellMs) starts.push(t);
  // Prefix sums: counts of the cells before index i.
  const total = [0];
  const good = [0];
  for (const [i, start] of starts.entries()) {
    const cell = cells.get(start);
    total.push(total[i]! + (cell?.total ?? 0));
    good.push(good[i]! + (cell?.good ?? 0));
  }
  const perWindow = windowMs / plan.cellMs;
  return plan.points.map((t) => {
    const end = (t - plan.read.fromMs) / plan.cellMs;
    const begin = end - perWindow;
    return { total: total[end]! - total[begin]!, good: good[end]! - good[begin]! };
  });
}
