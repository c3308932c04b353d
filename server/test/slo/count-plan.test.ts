import { describe, expect, it } from 'vitest';
import { mergeMsRanges, planWindowCounts, splitRange } from '../../src/slo/count-plan.ts';

const M = 60_000;
/** 10:00:00 on some day, so minute arithmetic below reads as clock times. */
const T0 = Date.UTC(2026, 10, 20, 10);

describe('splitRange', () => {
  it('reads whole minutes from the rollup and the partial minutes at each end span by span', () => {
    //  10:00:20 ──spans── 10:01 ═══rollup═══ 10:05 ──spans── 10:05:40
    expect(splitRange({ fromMs: T0 + 20_000, toMs: T0 + 5 * M + 40_000 }, 0)).toEqual({
      rollup: { fromMs: T0 + M, toMs: T0 + 5 * M },
      spans: [
        { fromMs: T0 + 20_000, toMs: T0 + M },
        { fromMs: T0 + 5 * M, toMs: T0 + 5 * M + 40_000 },
      ],
    });
  });

  it('needs no spans when both ends are whole minutes', () => {
    expect(splitRange({ fromMs: T0, toMs: T0 + 3 * M }, 0)).toEqual({
      rollup: { fromMs: T0, toMs: T0 + 3 * M },
      spans: [],
    });
  });

  it('counts span by span before the rollup is complete (from the next whole minute on)', () => {
    // rollup complete from 10:02:30 → trusted from 10:03
    expect(splitRange({ fromMs: T0, toMs: T0 + 10 * M }, T0 + 2 * M + 30_000)).toEqual({
      rollup: { fromMs: T0 + 3 * M, toMs: T0 + 10 * M },
      spans: [{ fromMs: T0, toMs: T0 + 3 * M }],
    });
  });

  it('counts everything span by span without a usable rollup or inside one minute', () => {
    const range = { fromMs: T0 + 1000, toMs: T0 + 50_000 };
    expect(splitRange(range, undefined)).toEqual({ spans: [range] });
    expect(splitRange(range, 0)).toEqual({ spans: [range] });
    expect(splitRange({ fromMs: T0, toMs: T0 + 9 * M }, T0 + 9 * M)).toEqual({
      spans: [{ fromMs: T0, toMs: T0 + 9 * M }],
    });
  });
});

describe('planWindowCounts', () => {
  it('shares one rollup read and one span read between windows ending at the same instant', () => {
    const at = T0 + 30 * M + 15_000; // 10:30:15
    const plan = planWindowCounts(at, [5 * M, 30 * M], 0);
    expect(plan.windows).toEqual([
      {
        windowMs: 5 * M, // 10:25:15 – 10:30:15
        rollup: { fromMs: T0 + 26 * M, toMs: T0 + 30 * M },
        spans: [
          { fromMs: T0 + 25 * M + 15_000, toMs: T0 + 26 * M },
          { fromMs: T0 + 30 * M, toMs: at },
        ],
      },
      {
        windowMs: 30 * M, // 10:00:15 – 10:30:15
        rollup: { fromMs: T0 + M, toMs: T0 + 30 * M },
        spans: [
          { fromMs: T0 + 15_000, toMs: T0 + M },
          { fromMs: T0 + 30 * M, toMs: at },
        ],
      },
    ]);
    expect(plan.rollup).toEqual({ fromMs: T0 + M, toMs: T0 + 30 * M });
    expect(plan.spans).toEqual([
      { fromMs: T0 + 15_000, toMs: T0 + M },
      { fromMs: T0 + 25 * M + 15_000, toMs: T0 + 26 * M },
      { fromMs: T0 + 30 * M, toMs: at },
    ]);
  });

  it('has no rollup read when no window can use it', () => {
    const plan = planWindowCounts(T0 + 10 * M, [5 * M], undefined);
    expect(plan.rollup).toBeUndefined();
    expect(plan.spans).toEqual([{ fromMs: T0 + 5 * M, toMs: T0 + 10 * M }]);
  });
});

describe('mergeMsRanges', () => {
  it('merges overlapping and touching ranges, sorted', () => {
    expect(
      mergeMsRanges([
        { fromMs: 50, toMs: 60 },
        { fromMs: 0, toMs: 10 },
        { fromMs: 10, toMs: 20 },
        { fromMs: 55, toMs: 70 },
      ]),
    ).toEqual([
      { fromMs: 0, toMs: 20 },
      { fromMs: 50, toMs: 70 },
    ]);
  });
});
