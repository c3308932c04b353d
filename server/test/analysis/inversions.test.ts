import { describe, expect, it } from 'vitest';
import { findInversions } from '../../src/analysis/inversions.ts';

const steps = [
  { step: 'create_order', timeoutMs: 800, p999: 700 },
  { step: 'payment_create', timeoutMs: 5000, p999: 5200.04 },
  { step: 'channel_pay', timeoutMs: 3000, p999: 2900 },
  { step: 'notify', timeoutMs: undefined, p999: 99_999 },
  { step: 'idle', timeoutMs: 100, p999: null },
];

describe('findInversions', () => {
  it('flags callers with shorter budgets than callees, then p99.9 above budget, in link order', () => {
    const inversions = findInversions(steps, [
      { caller: 'payment_create', callee: 'channel_pay', calls: 50 },
      { caller: 'create_order', callee: 'payment_create', calls: 40 },
      { caller: 'create_order', callee: 'notify', calls: 3 },
      { caller: 'unknown', callee: 'payment_create', calls: 3 },
    ]);
    expect(inversions).toEqual([
      {
        kind: 'caller_budget_shorter',
        step: 'create_order',
        callee: 'payment_create',
        callerTimeoutMs: 800,
        calleeTimeoutMs: 5000,
        calls: 40,
        detail:
          'create_order (timeout 800 ms) calls payment_create (timeout 5000 ms): the caller gives up while its callee is still working',
      },
      {
        kind: 'p999_over_budget',
        step: 'payment_create',
        p999: 5200.04,
        timeoutMs: 5000,
        detail: 'p99.9 of payment_create is 5200 ms, above its 5000 ms timeout',
      },
    ]);
  });

  it('finds nothing where budgets nest and tails fit', () => {
    expect(
      findInversions(steps.slice(2, 3), [{ caller: 'channel_pay', callee: 'channel_pay', calls: 1 }]),
    ).toEqual([]);
  });
});
