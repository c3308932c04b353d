import { describe, expect, it } from 'vitest';
import {
  cellAt,
  cellRect,
  type HeatmapData,
  selectedCells,
  shade,
  sliceOfColumns,
} from '../src/drilldown/heatmapGrid.ts';
import { bandOfBuckets, bucketInBand, histogramRows, occupiedRange } from '../src/drilldown/histogram.ts';
import { hasSelection, readSelection, writeSelection } from '../src/drilldown/selection.ts';

// Bounds as the API sends them: 0.1 ms, 0.125893 ms, … (whole nanoseconds), then +Inf.
const bounds = [0.1, 0.125893, 0.158489, 0.199526, null];
const buckets = (counts: number[]) => counts.map((count, i) => ({ leMs: bounds[i] ?? null, count }));

describe('histogram rows', () => {
  it('keeps the buckets from the first to the last holding spans, in either window', () => {
    expect(occupiedRange(buckets([0, 0, 0, 0, 0]))).toBeUndefined();
    expect(occupiedRange(buckets([0, 3, 0, 0, 0]), buckets([0, 0, 0, 2, 0]))).toEqual([1, 3]);
    expect(histogramRows(buckets([0, 3, 0, 0, 0]), buckets([0, 0, 0, 2, 0]))).toEqual([
      { index: 1, leMs: 0.125893, count: 3, previous: 0 },
      { index: 2, leMs: 0.158489, count: 0, previous: 0 },
      { index: 3, leMs: 0.199526, count: 0, previous: 2 },
    ]);
    expect(histogramRows(buckets([5, 0, 0, 0, 1]))).toHaveLength(5);
  });
});

describe('bandOfBuckets', () => {
  //  bucket:   0        1            2            3           4
  //        (0, 0.1] (0.1, 0.125893] (…, 0.158489] (…, 0.199526] (0.199526, +Inf)
  it('turns buckets 1..2 into [0.1 ms + 1 ns, 0.158489 ms + 1 ns): exactly their spans', () => {
    expect(bandOfBuckets(bounds, 2, 1)).toEqual({ minMs: 0.100001, maxMs: 0.15849 });
  });
  it('leaves the lower bound open from the first bucket and the upper from +Inf', () => {
    expect(bandOfBuckets(bounds, 0, 0)).toEqual({ maxMs: 0.100001 });
    expect(bandOfBuckets(bounds, 3, 4)).toEqual({ minMs: 0.15849 });
  });
  it('says which buckets lie in a band', () => {
    const band = bandOfBuckets(bounds, 1, 2);
    expect([0, 1, 2, 3, 4].map((i) => bucketInBand(bounds, i, band))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect([0, 1, 2, 3, 4].map((i) => bucketInBand(bounds, i, {}))).toEqual([true, true, true, true, true]);
  });
});

describe('heatmap grid', () => {
  const layout = { width: 300, height: 100, columns: 3, rows: [1, 4] as [number, number] };
  it('puts slow buckets at the top and finds the cell under a point', () => {
    expect(cellRect(layout, { column: 0, bucket: 4 })).toEqual({ x: 0, y: 0, w: 100, h: 25 });
    expect(cellRect(layout, { column: 2, bucket: 1 })).toEqual({ x: 200, y: 75, w: 100, h: 25 });
    expect(cellAt(layout, 250, 80)).toEqual({ column: 2, bucket: 1 });
    expect(cellAt(layout, -5, 500)).toEqual({ column: 0, bucket: 1 });
    expect(cellAt(layout, 999, -1)).toEqual({ column: 2, bucket: 4 });
  });
  it('shades counts on a log scale, empty cells blank', () => {
    expect(shade(0, 100)).toBe(0);
    expect(shade(100, 100)).toBe(1);
    expect(shade(9, 99)).toBeCloseTo(Math.log(10) / Math.log(100));
  });
  it('turns a span of columns into a time slice', () => {
    const heatmap: HeatmapData = { bucketMs: 60_000, t: [0, 60_000, 120_000], leMs: bounds, counts: [] };
    expect(sliceOfColumns(heatmap, 2, 1)).toEqual({ fromMs: 60_000, toMs: 180_000 });
  });
  it('finds the corner cells of a selection, to outline it', () => {
    const heatmap: HeatmapData = { bucketMs: 60_000, t: [0, 60_000, 120_000], leMs: bounds, counts: [] };
    const band = bandOfBuckets(bounds, 1, 2);
    expect(
      selectedCells(heatmap, { fromMs: 60_000, toMs: 180_000 }, (j) => bucketInBand(bounds, j, band)),
    ).toEqual({ from: { column: 1, bucket: 1 }, to: { column: 2, bucket: 2 } });
    expect(selectedCells(heatmap, { fromMs: 500_000 }, () => true)).toBeUndefined();
  });
});

describe('selection in the URL', () => {
  it('round-trips band, slice and outcome, and drops what does not make sense', () => {
    const written = writeSelection(new URLSearchParams('range=1h&minMs=3'), {
      minMs: 0.100001,
      maxMs: 2,
      sliceFromMs: 10,
      sliceToMs: 20,
      outcome: 'timeout',
    });
    expect(written.get('range')).toBe('1h');
    expect(readSelection(written)).toEqual({
      minMs: 0.100001,
      maxMs: 2,
      sliceFromMs: 10,
      sliceToMs: 20,
      outcome: 'timeout',
    });
    expect(readSelection(new URLSearchParams('minMs=5&maxMs=2&sliceFrom=9&outcome=slow'))).toEqual({
      minMs: 5,
    });
    expect(hasSelection(readSelection(new URLSearchParams('')))).toBe(false);
    expect(hasSelection({ outcome: 'error' })).toBe(true);
  });
});
