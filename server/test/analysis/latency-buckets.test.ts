import { describe, expect, it } from 'vitest';
import {
  bucketLowerMs,
  LATENCY_BOUNDS_MS,
  LATENCY_BOUNDS_NS,
  LATENCY_BUCKET_COUNT,
  latencyBucketIndex,
} from '../../src/analysis/latency-buckets.ts';

describe('latency buckets', () => {
  it('are ten per decade from 0.1 ms to 100 s, then +Inf', () => {
    expect(LATENCY_BOUNDS_NS).toHaveLength(61);
    expect(LATENCY_BUCKET_COUNT).toBe(62);
    expect(LATENCY_BOUNDS_NS[0]).toBe(100_000);
    expect(LATENCY_BOUNDS_NS[10]).toBe(1_000_000);
    expect(LATENCY_BOUNDS_NS[11]).toBe(1_258_925);
    expect(LATENCY_BOUNDS_NS[60]).toBe(100_000_000_000);
    expect(LATENCY_BOUNDS_MS.at(-1)).toBeNull();
    expect(LATENCY_BOUNDS_MS[20]).toBe(10);
  });

  it('puts a duration in the first bucket whose upper bound holds it (bounds inclusive)', () => {
    expect(latencyBucketIndex(0)).toBe(0);
    expect(latencyBucketIndex(100_000)).toBe(0);
    expect(latencyBucketIndex(100_001)).toBe(1);
    expect(latencyBucketIndex(1_000_000)).toBe(10);
    expect(latencyBucketIndex(1_000_001)).toBe(11);
    expect(latencyBucketIndex(1_258_925)).toBe(11);
    expect(latencyBucketIndex(1_258_926)).toBe(12);
    expect(latencyBucketIndex(100_000_000_000)).toBe(60);
    expect(latencyBucketIndex(100_000_000_001)).toBe(61);
  });

  it('agrees with a linear scan at and around every bound', () => {
    const linear = (d: number) => {
      const i = LATENCY_BOUNDS_NS.findIndex((b) => d <= b);
      return i === -1 ? LATENCY_BOUNDS_NS.length : i;
    };
    for (const bound of LATENCY_BOUNDS_NS) {
      for (const d of [bound - 1, bound, bound + 1]) expect(latencyBucketIndex(d)).toBe(linear(d));
    }
  });

  it('gives each bucket the previous upper bound as its lower bound', () => {
    expect(bucketLowerMs(0)).toBe(0);
    expect(bucketLowerMs(11)).toBe(1);
    expect(bucketLowerMs(61)).toBe(100_000);
  });
});
