import { describe, expect, it } from 'vitest';
import { budgetRemaining, burnRate, errorBudget, sli } from '../../src/slo/slo-maths.ts';

describe('SLO arithmetic', () => {
  it('follows DESIGN.md: budget 1 − objective, burn = bad share ÷ budget, remaining = 1 − burn', () => {
    // 99% objective: 1% budget. 1000 spans, 995 good: 0.5% bad burns at half the budget's pace.
    const counts = { total: 1000, good: 995 };
    expect(errorBudget(99)).toBeCloseTo(0.01, 15);
    expect(sli(counts)).toBe(0.995);
    expect(burnRate(counts, 99)).toBeCloseTo(0.5, 12);
    expect(budgetRemaining(counts, 99)).toBeCloseTo(0.5, 12);
  });

  it('goes below zero once the budget is overspent', () => {
    expect(budgetRemaining({ total: 100, good: 97 }, 99)).toBeCloseTo(-2, 12);
    expect(burnRate({ total: 100, good: 97 }, 99)).toBeCloseTo(3, 12);
  });

  it('says "no data" (null) over no spans', () => {
    expect(sli({ total: 0, good: 0 })).toBeNull();
    expect(burnRate({ total: 0, good: 0 }, 99.9)).toBeNull();
    expect(budgetRemaining({ total: 0, good: 0 }, 99.9)).toBeNull();
  });
});
