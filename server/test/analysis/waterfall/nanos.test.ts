import { describe, expect, it } from 'vitest';
import { isoFromNanos, nanosToMs, parseNanos } from '../../../src/analysis/waterfall/nanos.ts';

describe('nanosecond helpers', () => {
  it('parses exact nanoseconds beyond 2^53', () => {
    expect(parseNanos('1714564800123456789')).toBe(1714564800123456789n);
    expect(() => parseNanos('12.5')).toThrow(/integer nanosecond/);
    expect(() => parseNanos('-1')).toThrow(/integer nanosecond/);
  });

  it('formats ISO-8601 with nine fractional digits', () => {
    expect(isoFromNanos(1714564800123456789n)).toBe('2024-05-01T12:00:00.123456789Z');
    expect(isoFromNanos(1714564800000000001n)).toBe('2024-05-01T12:00:00.000000001Z');
  });

  it('converts to float milliseconds', () => {
    expect(nanosToMs(1_500_001)).toBe(1.500001);
    expect(nanosToMs(1)).toBe(0.000001);
  });
});
