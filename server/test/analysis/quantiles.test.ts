import { describe, expect, it } from 'vitest';
import { nearestRank, quantileOfSorted, quantilesOf } from '../../src/analysis/quantiles.ts';

describe('nearest-rank quantiles', () => {
  it.each([
    [0.5, 1, 1],
    [0.5, 2, 1],
    [0.5, 3, 2],
    [0.9, 10, 9],
    [0.7, 10, 7], // 0.7 · 10 is 7.000000000000001 in floating point
    [0.99, 100, 99],
    [0.999, 1000, 999],
    [0.999, 1001, 1000],
    [0.95, 20, 19],
    [0.95, 21, 20],
    [0.999, 7_000_000_001, 6_993_000_001],
  ])('rank of q=%d in %d values is %d', (level, count, rank) => {
    expect(nearestRank(level, count)).toBe(rank);
  });

  it('takes the value at that rank, never an interpolation', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(quantileOfSorted(sorted, 0.5)).toBe(50);
    expect(quantileOfSorted(sorted, 0.9)).toBe(90);
    expect(quantileOfSorted(sorted, 0.95)).toBe(100);
    expect(quantileOfSorted([], 0.5)).toBeNull();
  });

  it('names every reported quantile', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(quantilesOf(values)).toEqual({ p50: 500, p90: 900, p95: 950, p99: 990, p999: 999 });
  });
});
