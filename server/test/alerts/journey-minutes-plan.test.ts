import { describe, expect, it } from 'vitest';
import {
  minuteRuns,
  planJourneyMinutes,
  staleMinutes,
  withMinutesFromSpans,
} from '../../src/alerts/journey-minutes-plan.ts';

const MIN = 60_000;
const T = Date.UTC(2026, 5, 1, 10, 0, 0); // minute-aligned
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const spans = (plan: ReturnType<typeof planJourneyMinutes>) =>
  plan?.spans.map((r) => [Number(r.fromNs / 1_000_000n) - T, Number(r.toNs / 1_000_000n) - T]);

describe('planJourneyMinutes', () => {
  it('reads whole minutes from the table and the partial minutes of each window span by span', () => {
    const at = T + 20_500;
    const plan = planJourneyMinutes(at, [5.5 * MIN, 10 * MIN, 60 * MIN], 0n)!;
    // Widest window [at − 60 min, at): whole minutes from T − 59 min to T.
    expect(plan.fromSec * 1000).toBe(T - 59 * MIN);
    expect(plan.toSec * 1000).toBe(T);
    expect(spans(plan)).toEqual([
      [20_500 - 60 * MIN, -59 * MIN], // the widest window's first partial minute
      [20_500 - 10 * MIN, -9 * MIN], // the 10-minute window's
      [20_500 - 5.5 * MIN, -5 * MIN], // the 5.5-minute window's
      [0, 20_500], // the minute in progress
    ]);
  });

  it('needs no partial minutes when every window starts on a minute', () => {
    const plan = planJourneyMinutes(T, [10 * MIN, 30 * MIN], 0n)!;
    expect([plan.fromSec * 1000 - T, plan.toSec * 1000 - T]).toEqual([-30 * MIN, 0]);
    expect(plan.spans).toEqual([]);
  });

  it('reads span by span before the link spans table is complete', () => {
    const covered = T - 20 * MIN + 5_000;
    const plan = planJourneyMinutes(T, [60 * MIN], ns(covered))!;
    expect(plan.fromSec * 1000).toBe(T - 19 * MIN);
    expect(spans(plan)).toEqual([[-60 * MIN, -19 * MIN]]);
  });

  it('is not worth it for short windows, or without a link spans table', () => {
    expect(planJourneyMinutes(T + 1_000, [5 * MIN], 0n)).toBeUndefined();
    expect(planJourneyMinutes(T, [5 * MIN], 0n)).toBeDefined();
    expect(planJourneyMinutes(T, [60 * MIN], undefined)).toBeUndefined();
    expect(planJourneyMinutes(T, [60 * MIN], ns(T - 3 * MIN))).toBeUndefined();
  });
});

describe('staleMinutes and minuteRuns', () => {
  it('rebuilds minutes never built or whose span count changed, in runs of consecutive minutes', () => {
    const current = new Map([
      [600, 10],
      [660, 4],
      [720, 7],
      [840, 1],
      [900, 2],
    ]);
    const built = new Map([
      [600, 10],
      [660, 3],
      [900, 2],
    ]);
    const stale = staleMinutes(current, built);
    expect(stale).toEqual([660, 720, 840]);
    expect(minuteRuns(stale)).toEqual([
      [660, 780],
      [840, 900],
    ]);
  });
});

describe('withMinutesFromSpans', () => {
  it('reads minutes not built yet span by span, merged with the partial minutes', () => {
    const at = T + 20_500;
    const plan = planJourneyMinutes(at, [10 * MIN], 0n)!;
    const sec = (ms: number) => (T + ms) / 1000;
    const later = withMinutesFromSpans(plan, [sec(-MIN), sec(-3 * MIN), sec(-4 * MIN)]);
    expect(later.fromSec).toBe(plan.fromSec);
    expect(later.toSec).toBe(plan.toSec);
    expect(spans(later)).toEqual([
      [20_500 - 10 * MIN, -9 * MIN],
      [-4 * MIN, -2 * MIN],
      [-MIN, 20_500], // the last whole minute joins the minute in progress
    ]);
    expect(withMinutesFromSpans(plan, [])).toBe(plan);
  });
});
