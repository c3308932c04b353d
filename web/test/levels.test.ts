import { describe, expect, it } from 'vitest';
import { budgetUse, countByState, latencyLevel, rateLevel } from '../src/overview/levels.ts';

describe('latencyLevel', () => {
  const targets = { sloP99Ms: 500, timeoutMs: 800 };
  it('is ok within the SLO, a warning above it, bad at the budget', () => {
    expect(latencyLevel(500, targets)).toBe('ok');
    expect(latencyLevel(500.1, targets)).toBe('warn');
    expect(latencyLevel(800, targets)).toBe('bad');
  });
  it('works with one target or none', () => {
    expect(latencyLevel(900, { timeoutMs: 800 })).toBe('bad');
    expect(latencyLevel(100, { timeoutMs: 800 })).toBe('ok');
    expect(latencyLevel(100, {})).toBe('none');
    expect(latencyLevel(null, targets)).toBe('none');
  });
});

describe('rateLevel / budgetUse / countByState', () => {
  it('grades rates at 1% and 5%', () => {
    expect(rateLevel(0.009)).toBe('ok');
    expect(rateLevel(0.01)).toBe('warn');
    expect(rateLevel(0.05)).toBe('bad');
    expect(rateLevel(null)).toBe('none');
  });
  it('gives p99 as a share of the budget', () => {
    expect(budgetUse(600, 800)).toBe(0.75);
    expect(budgetUse(600, null)).toBeNull();
  });
  it('counts rule states, firing first', () => {
    expect(countByState(['ok', 'firing', 'pending', 'firing', 'weird'])).toEqual([
      { state: 'firing', count: 2 },
      { state: 'pending', count: 1 },
      { state: 'ok', count: 1 },
      { state: 'weird', count: 1 },
    ]);
  });
});
