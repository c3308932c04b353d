import { describe, expect, it } from 'vitest';
import { LADDER_LEVELS, percentileRank } from '../../../src/analysis/waterfall/percentile-rank.ts';

describe('percentileRank', () => {
  // Durations 1..100 ms: the q-quantile of that step is q·100 ms.
  const ladder = { levels: LADDER_LEVELS, valuesNs: LADDER_LEVELS.map((q) => Math.ceil(q * 100) * 1e6) };

  it('places a duration at the highest level it reaches', () => {
    expect(LADDER_LEVELS).toHaveLength(100);
    expect(percentileRank(97e6, ladder)).toBe(97);
    expect(percentileRank(97.5e6, ladder)).toBe(97);
    expect(percentileRank(1e6, ladder)).toBe(1);
    expect(percentileRank(0.5e6, ladder)).toBe(0);
    expect(percentileRank(5e9, ladder)).toBe(99.9);
  });

  it('is unknown without a distribution', () => {
    expect(percentileRank(1, { levels: [], valuesNs: [] })).toBeNull();
  });
});
