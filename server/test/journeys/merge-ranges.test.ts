import { describe, expect, it } from 'vitest';
import { mergeRanges } from '../../src/journeys/merge-ranges.ts';

const r = (fromNs: number, toNs: number) => ({ fromNs: BigInt(fromNs), toNs: BigInt(toNs) });

describe('mergeRanges', () => {
  it('merges overlapping and nearby ranges, in time order', () => {
    expect(mergeRanges([r(50, 60), r(0, 10), r(12, 20), r(8, 11)], 2n)).toEqual([r(0, 20), r(50, 60)]);
  });

  it('keeps ranges further apart than the gap', () => {
    expect(mergeRanges([r(0, 10), r(13, 20)], 2n)).toEqual([r(0, 10), r(13, 20)]);
  });

  it('closes the smallest gaps first when there are too many ranges', () => {
    // gaps: 5 (10→15), 30 (20→50), 2 (60→62)
    const ranges = [r(0, 10), r(15, 20), r(50, 60), r(62, 70)];
    expect(mergeRanges(ranges, 0n, 3)).toEqual([r(0, 10), r(15, 20), r(50, 70)]);
    expect(mergeRanges(ranges, 0n, 2)).toEqual([r(0, 20), r(50, 70)]);
    expect(mergeRanges(ranges, 0n, 1)).toEqual([r(0, 70)]);
  });

  it('returns nothing for nothing', () => {
    expect(mergeRanges([])).toEqual([]);
  });
});
