import { describe, expect, it } from 'vitest';
import { bucketValueNs, histogramQuantilesNs } from '../../src/analysis/bucket-quantiles.ts';
import { QUANTILES, quantilesOf } from '../../src/analysis/quantiles.ts';

/** The key the rollup SQL gives a duration (funnel-slots-sql.ts), computed here independently. */
function keyOf(ns: number): string {
  return ns <= 0 ? '-' : String(Math.round(Math.log(ns) / Math.log(1.02)));
}

function histogram(values: readonly number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(keyOf(v), (counts.get(keyOf(v)) ?? 0) + 1);
  return counts;
}

describe('histogramQuantilesNs', () => {
  it('is within 1% of the exact nearest-rank quantile, for spread and clustered values', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const n of [1, 2, 9, 10, 101, 5_000]) {
      const values = Array.from({ length: n }, () => Math.round(10 ** (3 + random() * 8)));
      const exact = quantilesOf(values);
      const approx = histogramQuantilesNs(histogram(values))!;
      QUANTILES.forEach((q, i) => {
        const want = exact[q.name]!;
        expect(Math.abs(approx[i]! - want)).toBeLessThanOrEqual(want * 0.01 + 1);
      });
    }
  });

  it('keeps zeros (waits floored at 0) as 0 and ranks them first', () => {
    const values = [0, 0, 0, 5_000_000, 9_000_000];
    const approx = histogramQuantilesNs(histogram(values))!;
    expect(approx[0]).toBe(0); // p50: rank 3 of 5 is a zero
    expect(Math.abs(approx[1]! - 9_000_000)).toBeLessThanOrEqual(90_000);
  });

  it('is undefined for an empty histogram, and a bucket stands for 1.02^b', () => {
    expect(histogramQuantilesNs([])).toBeUndefined();
    expect(histogramQuantilesNs([['12', 0]])).toBeUndefined();
    expect(bucketValueNs('100')).toBe(Math.round(1.02 ** 100));
    expect(bucketValueNs('-')).toBe(0);
  });
});
