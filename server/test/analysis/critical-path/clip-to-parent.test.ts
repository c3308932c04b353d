import { describe, expect, it } from 'vitest';
import { type ClippedSpan, clipToParents } from '../../../src/analysis/critical-path/clip-to-parent.ts';

function flatten(span: ClippedSpan): [string, number, number, string[]][] {
  const row: [string, number, number, string[]] = [
    span.id,
    span.startNs,
    span.endNs,
    span.children.map((child) => child.id),
  ];
  return [row, ...span.children.flatMap(flatten)];
}

describe('clipToParents', () => {
  it('clips a grandchild to its already clipped parent and orders children last-finishing first', () => {
    /*
     *        10                          100
     *        |=========== root ===========|
     *   |------------ A (5 → 120) -------------|     A → 10..100
     *                              |--- A1 (90 → 130) ---|   A1 → 90..100 (clipped to the clipped A)
     *              |- B -|                      B: 20..30
     */
    const [root, ...others] = clipToParents([
      { id: 'root', parentId: undefined, startNs: 10, endNs: 100 },
      { id: 'B', parentId: 'root', startNs: 20, endNs: 30 },
      { id: 'A', parentId: 'root', startNs: 5, endNs: 120 },
      { id: 'A1', parentId: 'A', startNs: 90, endNs: 130 },
    ]);
    expect(others).toEqual([]);
    expect(flatten(root!)).toEqual([
      ['root', 10, 100, ['A', 'B']],
      ['A', 10, 100, ['A1']],
      ['A1', 90, 100, []],
      ['B', 20, 30, []],
    ]);
  });
});
