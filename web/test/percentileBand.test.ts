import { describe, expect, it } from 'vitest';
import { formatPercentile, percentileBand } from '../src/waterfall/percentileBand.ts';

const q = { p50: 10, p90: 20, p95: 30, p99: 40, p999: 50 };

describe('percentileBand', () => {
  it('names the band a duration falls in', () => {
    expect(percentileBand(5, q)).toBe('at or below p50');
    expect(percentileBand(10, q)).toBe('at or below p50');
    expect(percentileBand(25, q)).toBe('p90–p95');
    expect(percentileBand(45, q)).toBe('p99–p99.9');
    expect(percentileBand(51, q)).toBe('above p99.9');
  });

  it('skips unknown quantiles and gives up without any', () => {
    expect(percentileBand(35, { ...q, p99: null })).toBe('p95–p99.9');
    expect(percentileBand(1, { p50: null, p90: null, p95: null, p99: null, p999: null })).toBeNull();
  });

  it('formats exact percentiles', () => {
    expect(formatPercentile(97)).toBe('p97');
    expect(formatPercentile(99.951)).toBe('p99.95');
  });
});
