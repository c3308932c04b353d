import { describe, expect, it } from 'vitest';
import {
  type AlertState,
  advance,
  breaks,
  INITIAL_STATE,
  type StateRule,
} from '../../src/alerts/state-machine.ts';

const rule: StateRule = { op: '>', threshold: 100, forMs: 60_000 };

/** Feeds values one per 30 s tick from t=0 and returns [state, notify] per tick. */
function run(values: (number | null)[], ruleUnderTest: StateRule = rule): [string, string | undefined][] {
  let state: AlertState = INITIAL_STATE;
  return values.map((value, tick) => {
    const step = advance(state, value, ruleUnderTest, tick * 30_000);
    state = step.next;
    return [state.state, step.notify];
  });
}

describe('breaks', () => {
  it('compares with each operator and never breaks on no data', () => {
    expect([breaks(101, '>', 100), breaks(100, '>', 100), breaks(100, '>=', 100)]).toEqual([
      true,
      false,
      true,
    ]);
    expect([breaks(99, '<', 100), breaks(100, '<', 100), breaks(100, '<=', 100)]).toEqual([
      true,
      false,
      true,
    ]);
    expect([breaks(null, '>', 0), breaks(Number.NaN, '<', 1)]).toEqual([false, false]);
  });
});

describe('advance', () => {
  it('goes pending, fires once the breach has lasted `for`, then resolves', () => {
    expect(run([50, 150, 150, 150, 150, 80, 80])).toEqual([
      ['inactive', undefined],
      ['pending', undefined], // t=30 s breach starts
      ['pending', undefined], // t=60 s, 30 s < 60 s
      ['firing', 'firing'], // t=90 s, breach has lasted 60 s
      ['firing', undefined],
      ['resolved', 'resolved'],
      ['resolved', undefined],
    ]);
  });

  it('drops a pending alert silently when the breach ends before `for`', () => {
    expect(run([150, 150, 90, 150])).toEqual([
      ['pending', undefined],
      ['pending', undefined],
      ['inactive', undefined],
      ['pending', undefined],
    ]);
  });

  it('fires at the first breach when `for` is 0', () => {
    expect(run([150, 150, 10], { ...rule, forMs: 0 })).toEqual([
      ['firing', 'firing'],
      ['firing', undefined],
      ['resolved', 'resolved'],
    ]);
  });

  it('keeps firing inside the hysteresis band and resolves below it', () => {
    const band = { ...rule, forMs: 0, resolveThreshold: 80 };
    expect(run([150, 95, 81, 80, 95], band)).toEqual([
      ['firing', 'firing'],
      ['firing', undefined], // 95 ≤ 100 but still > 80
      ['firing', undefined],
      ['resolved', 'resolved'], // 80 is not > 80
      ['resolved', undefined], // 95 does not break the threshold of 100: no new alert
    ]);
  });

  it('resolves a firing alert when its data disappears', () => {
    expect(run([150, null], { ...rule, forMs: 0 })).toEqual([
      ['firing', 'firing'],
      ['resolved', 'resolved'],
    ]);
  });

  it('fires again after a resolve, through pending', () => {
    expect(run([150, 150, 150, 150, 10, 150, 150, 150])).toEqual([
      ['pending', undefined],
      ['pending', undefined],
      ['firing', 'firing'],
      ['firing', undefined],
      ['resolved', 'resolved'],
      ['pending', undefined],
      ['pending', undefined],
      ['firing', 'firing'],
    ]);
  });

  it('counts every state change in seq and keeps the times of the breach', () => {
    let state = INITIAL_STATE;
    const times = [0, 30_000, 60_000, 90_000];
    const values = [150, 150, 150, 10];
    const seen: AlertState[] = [];
    for (const [i, t] of times.entries()) {
      state = advance(state, values[i]!, rule, t).next;
      seen.push(state);
    }
    expect(seen).toEqual([
      { state: 'pending', seq: 1, activeSinceMs: 0, firingSinceMs: null, resolvedAtMs: null, value: 150 },
      { state: 'pending', seq: 1, activeSinceMs: 0, firingSinceMs: null, resolvedAtMs: null, value: 150 },
      { state: 'firing', seq: 2, activeSinceMs: 0, firingSinceMs: 60_000, resolvedAtMs: null, value: 150 },
      {
        state: 'resolved',
        seq: 3,
        activeSinceMs: null,
        firingSinceMs: 60_000,
        resolvedAtMs: 90_000,
        value: 10,
      },
    ]);
  });

  it('works for "below" rules (conversion dropping)', () => {
    const low: StateRule = { op: '<', threshold: 0.9, forMs: 0, resolveThreshold: 0.95 };
    expect(run([0.97, 0.85, 0.93, 0.96], low)).toEqual([
      ['inactive', undefined],
      ['firing', 'firing'],
      ['firing', undefined],
      ['resolved', 'resolved'],
    ]);
  });
});
