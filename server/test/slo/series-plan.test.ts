import { describe, expect, it } from 'vitest';
import { planSeries, rollingCounts } from '../../src/slo/series-plan.ts';

const H = 3_600_000;

describe('planSeries', () => {
  it('puts points on bucket multiples inside the range and reads one window before the first', () => {
    const plan = planSeries({ fromMs: 10 * H + 1, toMs: 16 * H + 5 }, 2 * H, 3 * H)!;
    expect(plan.points).toEqual([12 * H, 14 * H, 16 * H]);
    expect(plan.cellMs).toBe(H); // gcd(2 h, 3 h)
    expect(plan.read).toEqual({ fromMs: 9 * H, toMs: 16 * H });
  });

  it('has no point when no bucket boundary falls in the range', () => {
    expect(planSeries({ fromMs: H + 1, toMs: 2 * H - 1 }, H, H)).toBeUndefined();
  });
});

describe('rollingCounts', () => {
  it('sums each point’s window of cells', () => {
    const plan = planSeries({ fromMs: 12 * H, toMs: 14 * H }, H, 3 * H)!;
    // cells 9h..13h (read [9h, 14h)): totals 1, 2, 4, 8, 16; good one less each (0 where empty)
    const cells = new Map([
      [9 * H, { total: 1, good: 0 }],
      [10 * H, { total: 2, good: 1 }],
      [11 * H, { total: 4, good: 3 }],
      [12 * H, { total: 8, good: 7 }],
      [13 * H, { total: 16, good: 15 }],
    ]);
    expect(plan.points).toEqual([12 * H, 13 * H, 14 * H]);
    expect(rollingCounts(plan, 3 * H, cells)).toEqual([
      { total: 1 + 2 + 4, good: 0 + 1 + 3 }, // [9h, 12h)
      { total: 2 + 4 + 8, good: 1 + 3 + 7 }, // [10h, 13h)
      { total: 4 + 8 + 16, good: 3 + 7 + 15 }, // [11h, 14h)
    ]);
  });

  it('reads missing cells as empty', () => {
    const plan = planSeries({ fromMs: 2 * H, toMs: 2 * H }, H, H)!;
    expect(rollingCounts(plan, H, new Map())).toEqual([{ total: 0, good: 0 }]);
  });
});
