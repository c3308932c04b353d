import { describe, expect, it } from 'vitest';
import { autoBucketMs, bucketStarts, fillBuckets } from '../../src/analysis/series-buckets.ts';

describe('series buckets', () => {
  it('picks the smallest tidy bucket within ~120 points', () => {
    expect(autoBucketMs(0, 3_600_000)).toBe(30_000);
    expect(autoBucketMs(0, 86_400_000)).toBe(900_000);
    expect(autoBucketMs(0, 7 * 86_400_000)).toBe(10_800_000);
  });

  it('aligns buckets to multiples of the width and covers the range', () => {
    expect(bucketStarts(90_000, 250_000, 60_000)).toEqual([60_000, 120_000, 180_000, 240_000]);
  });

  it('fills buckets nothing was observed in', () => {
    const points = fillBuckets([{ t: 120, n: 5 }], [60, 120, 180], (t) => ({ t, n: 0 }));
    expect(points).toEqual([
      { t: 60, n: 0 },
      { t: 120, n: 5 },
      { t: 180, n: 0 },
    ]);
  });
});
