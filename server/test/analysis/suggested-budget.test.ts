import { describe, expect, it } from 'vitest';
import { roundUpTidy, suggestedTimeoutMs } from '../../src/analysis/suggested-budget.ts';

describe('suggested timeout budgets', () => {
  it.each([
    [0.33, 0.4],
    [1, 1],
    [1.01, 1.2],
    [7.3, 8],
    [8.01, 10],
    [101, 120],
    [1234, 1500],
    [2600, 3000],
    [45_000, 50_000],
    [120, 120],
  ])('%d ms rounds up to %d ms', (ms, tidy) => {
    expect(roundUpTidy(ms)).toBe(tidy);
  });

  it('puts p99.9 × 1.5 of headroom, at least 1 ms, and nothing without data', () => {
    expect(suggestedTimeoutMs(1900)).toBe(3000);
    expect(suggestedTimeoutMs(2000)).toBe(3000);
    expect(suggestedTimeoutMs(2001)).toBe(4000);
    expect(suggestedTimeoutMs(0)).toBe(1);
    expect(suggestedTimeoutMs(null)).toBeNull();
  });
});
