import { describe, expect, it } from 'vitest';
import { type FunnelStepCounts, withConversions } from '../../src/analysis/funnel.ts';

const counts = (step: string, entered: number, succeeded: number): FunnelStepCounts => ({
  step,
  entered,
  succeeded,
  failed: entered - succeeded,
  dropped: 0,
  p50MsFromPrevious: null,
  p90MsFromPrevious: null,
  topErrors: [],
});

describe('withConversions', () => {
  it('divides by the first step entered, and by the previous step succeeded', () => {
    const steps = withConversions([counts('a', 200, 180), counts('b', 170, 90), counts('c', 90, 45)]);
    expect(steps.map((s) => [s.conversionFromStart, s.conversionFromPrevious])).toEqual([
      [0.9, 0.9],
      [0.45, 0.5],
      [0.225, 0.5],
    ]);
  });

  it('leaves a ratio null when nothing reached its denominator', () => {
    const steps = withConversions([counts('a', 0, 0), counts('b', 5, 5)]);
    expect(steps.map((s) => [s.conversionFromStart, s.conversionFromPrevious])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});
