import { describe, expect, it } from 'vitest';
import { planRollup, ROLLUP_MIN_RANGE_MS } from '../../src/analytics/rollup-sql.ts';

const H = 3_600_000;
const at = (ms: number) => BigInt(ms) * 1_000_000n;
const coverage = (rollupFromMs: number) => ({
  version: 'v',
  coveredFromNs: 0n,
  rollupFromNs: at(rollupFromMs),
});

describe('planRollup', () => {
  it('reads whole minutes from the rollup and the partial ones at each end from link spans', () => {
    const range = { from: 10 * H + 30_500, to: 14 * H + 59_999 };
    expect(planRollup(range, coverage(0), [])).toEqual({
      fromSec: (10 * H + 60_000) / 1000,
      toSec: (14 * H) / 1000,
      edges: [
        { fromNs: at(range.from), toNs: at(10 * H + 60_000) },
        { fromNs: at(14 * H), toNs: at(range.to) },
      ],
    });
  });

  it('starts at the first whole minute the rollup is complete for', () => {
    const plan = planRollup({ from: 0, to: 10 * H }, coverage(5 * H + 1), []);
    expect(plan?.fromSec).toBe((5 * H + 60_000) / 1000);
  });

  it('keeps short ranges, other dimensions and an unusable rollup exact', () => {
    expect(planRollup({ from: 0, to: ROLLUP_MIN_RANGE_MS - 1 }, coverage(0), [])).toBeUndefined();
    expect(planRollup({ from: 0, to: 10 * H }, coverage(0), ['deployment.environment.name'])).toBeUndefined();
    expect(
      planRollup({ from: 0, to: 10 * H }, coverage(0), ['service.name', 'payment.channel']),
    ).toBeDefined();
    expect(planRollup({ from: 0, to: 10 * H }, { version: 'v', coveredFromNs: 0n }, [])).toBeUndefined();
    expect(planRollup({ from: 0, to: 10 * H }, coverage(9.5 * H), [])).toBeUndefined();
  });
});
