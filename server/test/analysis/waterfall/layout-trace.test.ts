import { describe, expect, it } from 'vitest';
import { layoutTrace, type SkeletonSpan } from '../../../src/analysis/waterfall/layout-trace.ts';

const ORIGIN = 1_714_564_800_000_000_123n;

function span(spanId: string, parentSpanId: string, startOffsetNs: bigint, durationNs: bigint): SkeletonSpan {
  return { traceId: 'T', spanId, parentSpanId, startNs: ORIGIN + startOffsetNs, durationNs };
}

/*
 *  ms  0    1    2 2.5  4                9.5 10   11.5  12  12.001
 *      |================ root =================|
 *      ++++++++++|                         |+++             root: 0 → 2, 9.5 → 10 on the path
 *           |--- A ---|                                     A: 1.000001 → 4.000001 (hidden behind B)
 *                |=========== B ===========|                B: 2 → 9.5
 *                +++|===== B1 (async) ============|         B1: 2.5 → 11.5, clipped to 9.5 for the path
 *                                                     |O|   O: orphan (parent never received)
 */
const SPANS = [
  span('B1', 'B', 2_500_000n, 9_000_000n),
  span('root', '', 0n, 10_000_000n),
  span('O', 'never-received', 12_000_000n, 1_000n),
  span('B', 'root', 2_000_000n, 7_500_000n),
  span('A', 'root', 1_000_001n, 3_000_000n),
];

describe('layoutTrace', () => {
  const layout = layoutTrace(SPANS);

  it('starts at the earliest span and ends at the latest end', () => {
    expect(layout.originNs).toBe(ORIGIN);
    expect(layout.durationNs).toBe(12_001_000);
  });

  it('lists rows depth-first, children and roots by start', () => {
    expect(layout.rows.map((row) => [SPANS[row.index]?.spanId, row.depth, row.childCount])).toEqual([
      ['root', 0, 2],
      ['A', 1, 0],
      ['B', 1, 1],
      ['B1', 2, 0],
      ['O', 0, 0],
    ]);
  });

  it('keeps exact nanosecond offsets, durations and self times', () => {
    expect(layout.rows.map((row) => [row.startOffsetNs, row.durationNs, row.selfNs])).toEqual([
      [0, 10_000_000, 1_500_001], // root minus the union A ∪ B = 1.000001 → 9.5 ms
      [1_000_001, 3_000_000, 3_000_000],
      [2_000_000, 7_500_000, 500_000], // B minus B1 clipped to B (2.5 → 9.5)
      [2_500_000, 9_000_000, 9_000_000],
      [12_000_000, 1_000, 1_000],
    ]);
  });

  it('marks the critical path and returns its sections in time order', () => {
    expect(layout.rows.map((row) => [SPANS[row.index]?.spanId, row.onCriticalPath])).toEqual([
      ['root', true],
      ['A', false],
      ['B', true],
      ['B1', true],
      ['O', true],
    ]);
    expect(layout.criticalPath.map((s) => [SPANS[s.index]?.spanId, s.startOffsetNs, s.endOffsetNs])).toEqual([
      ['root', 0, 2_000_000],
      ['B', 2_000_000, 2_500_000],
      ['B1', 2_500_000, 9_500_000],
      ['root', 9_500_000, 10_000_000],
      ['O', 12_000_000, 12_001_000],
    ]);
  });

  it('keeps same span ids of different traces apart (journeys)', () => {
    const journey = layoutTrace([
      { traceId: 'T1', spanId: 's', parentSpanId: '', startNs: 10n, durationNs: 5n },
      { traceId: 'T2', spanId: 's', parentSpanId: '', startNs: 20n, durationNs: 5n },
      { traceId: 'T2', spanId: 'c', parentSpanId: 's', startNs: 21n, durationNs: 1n },
    ]);
    expect(journey.rows.map((row) => [row.index, row.depth, row.parentIndex])).toEqual([
      [0, 0, -1],
      [1, 0, -1],
      [2, 1, 1],
    ]);
    expect(journey.durationNs).toBe(15);
  });

  it('is empty for no spans', () => {
    expect(layoutTrace([])).toEqual({ originNs: 0n, durationNs: 0, rows: [], criticalPath: [] });
  });
});
