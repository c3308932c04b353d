import { describe, expect, it } from 'vitest';
import { collapseBelowDepth, filterKeep, generateRows, rowIndexOf } from '../src/waterfall/rowStates.ts';
import { buildSpanTree } from '../src/waterfall/spanTree.ts';

// root            position 0
// ├─ a            1
// │  ├─ a1        2
// │  └─ a2        3
// └─ b            4
//    └─ b1        5
//       └─ b11    6
const spans = [
  ['root', ''],
  ['a', 'root'],
  ['a1', 'a'],
  ['a2', 'a'],
  ['b', 'root'],
  ['b1', 'b'],
  ['b11', 'b1'],
].map(([spanId, parentSpanId], i) => ({
  traceId: 't',
  spanId: spanId!,
  parentSpanId: parentSpanId!,
  startOffsetMs: i,
}));
const tree = buildSpanTree(spans);
const names = (positions: Int32Array) => [...positions].map((p) => spans[tree.order[p]!]!.spanId);

describe('generateRows', () => {
  it('shows every span in tree order by default', () => {
    const rows = generateRows(tree);
    expect(names(rows.positions)).toEqual(['root', 'a', 'a1', 'a2', 'b', 'b1', 'b11']);
    expect([...rows.depths]).toEqual([0, 1, 2, 2, 1, 2, 3]);
  });

  it('hides the subtree of a collapsed span but keeps the span', () => {
    const rows = generateRows(tree, { collapsed: new Set([1, 5]) });
    expect(names(rows.positions)).toEqual(['root', 'a', 'b', 'b1']);
  });

  it('re-roots at a span with depths relative to it', () => {
    const rows = generateRows(tree, { rootPosition: 4 });
    expect(names(rows.positions)).toEqual(['b', 'b1', 'b11']);
    expect([...rows.depths]).toEqual([0, 1, 2]);
  });

  it('keeps filter matches with their ancestors', () => {
    const keep = filterKeep(tree, (i) => spans[i]!.spanId === 'b11' || spans[i]!.spanId === 'a2');
    expect(names(generateRows(tree, { keep }).positions)).toEqual(['root', 'a', 'a2', 'b', 'b1', 'b11']);
  });

  it('combines filter, collapse and re-root', () => {
    const keep = filterKeep(tree, (i) => spans[i]!.spanId.startsWith('b'));
    const rows = generateRows(tree, { keep, collapsed: new Set([5]), rootPosition: 0 });
    expect(names(rows.positions)).toEqual(['root', 'b', 'b1']);
  });

  it('shows nothing when nothing matches', () => {
    expect(generateRows(tree, { keep: filterKeep(tree, () => false) }).count).toBe(0);
  });
});

describe('collapseBelowDepth / rowIndexOf', () => {
  it('collapses parents at or below a depth', () => {
    expect([...collapseBelowDepth(tree, 1)].sort()).toEqual([1, 4, 5]);
    expect(names(generateRows(tree, { collapsed: collapseBelowDepth(tree, 1) }).positions)).toEqual([
      'root',
      'a',
      'b',
    ]);
  });

  it('finds a position among visible rows, or -1', () => {
    const rows = generateRows(tree, { collapsed: new Set([1]) });
    expect(rowIndexOf(rows, 4)).toBe(2);
    expect(rowIndexOf(rows, 2)).toBe(-1);
  });
});
