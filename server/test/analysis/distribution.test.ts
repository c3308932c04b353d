import { describe, expect, it } from 'vitest';
import { assembleDistribution } from '../../src/analysis/distribution.ts';
import { LATENCY_BUCKET_COUNT } from '../../src/analysis/latency-buckets.ts';

describe('assembleDistribution', () => {
  it('lays cells on the time × latency grid and sums the histogram from it', () => {
    const d = assembleDistribution(
      [
        { t: 0, bucket: 3, count: 2 },
        { t: 60_000, bucket: 3, count: 5 },
        { t: 60_000, bucket: 61, count: 1 },
      ],
      [0, 60_000, 120_000],
      60_000,
    );
    expect(d.count).toBe(8);
    expect(d.buckets).toHaveLength(LATENCY_BUCKET_COUNT);
    expect(d.buckets[3]).toEqual({ leMs: 0.199526, count: 7 });
    expect(d.buckets[61]).toEqual({ leMs: null, count: 1 });
    expect(d.buckets.filter((b) => b.count > 0)).toHaveLength(2);
    expect(d.heatmap.t).toEqual([0, 60_000, 120_000]);
    expect(d.heatmap.counts.map((row) => row[3])).toEqual([2, 5, 0]);
    expect(d.heatmap.counts[2]!.every((n) => n === 0)).toBe(true);
  });

  it('refuses a cell outside the grid', () => {
    expect(() => assembleDistribution([{ t: 5, bucket: 0, count: 1 }], [0], 60_000)).toThrow(/outside/);
  });
});
