import { describe, expect, it } from 'vitest';
import { ancestry, buildSpanTree, hasChildren } from '../src/waterfall/spanTree.ts';

const span = (spanId: string, parentSpanId: string, startOffsetMs: number, traceId = 't1') => ({
  traceId,
  spanId,
  parentSpanId,
  startOffsetMs,
});

describe('buildSpanTree', () => {
  // A ─────────────────────
  //   B  ──────            (starts at 10)
  //     D   ───            (starts at 12)
  //   C ──                 (starts at 5: sorted before B)
  const spans = [span('A', '', 0), span('B', 'A', 10), span('C', 'A', 5), span('D', 'B', 12)];

  it('orders depth-first with children by start time', () => {
    const tree = buildSpanTree(spans);
    expect([...tree.order].map((i) => spans[i]!.spanId)).toEqual(['A', 'C', 'B', 'D']);
    expect([...tree.depth]).toEqual([0, 1, 1, 2]);
    expect([...tree.parent]).toEqual([-1, 0, 0, 2]);
    expect([...tree.subtreeEnd]).toEqual([4, 2, 4, 4]);
    expect(tree.positionOf[3]).toBe(3);
    expect(hasChildren(tree, 0)).toBe(true);
    expect(hasChildren(tree, 1)).toBe(false);
    expect(ancestry(tree, 3)).toEqual([0, 2, 3]);
  });

  it('makes spans with a missing parent roots, ordered by start', () => {
    const tree = buildSpanTree([span('X', 'gone', 30), span('R', '', 0), span('Y', 'X', 31)]);
    expect([...tree.order]).toEqual([1, 0, 2]);
    expect([...tree.depth]).toEqual([0, 0, 1]);
  });

  it('keeps the same span id in two traces apart (journeys)', () => {
    const tree = buildSpanTree([span('A', '', 0, 't1'), span('A', '', 50, 't2'), span('B', 'A', 60, 't2')]);
    expect([...tree.order]).toEqual([0, 1, 2]);
    expect([...tree.parent]).toEqual([-1, -1, 1]);
  });

  it('survives a parent cycle by showing its spans as roots', () => {
    const tree = buildSpanTree([span('P', 'Q', 0), span('Q', 'P', 1), span('S', 'S', 2)]);
    expect(tree.size).toBe(3);
    expect([...tree.positionOf].every((p) => p >= 0)).toBe(true);
    expect(new Set(tree.order).size).toBe(3);
  });

  it('handles a 100,000-deep chain without overflowing the stack', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => span(`s${i}`, i === 0 ? '' : `s${i - 1}`, i));
    const tree = buildSpanTree(chain);
    expect(tree.depth[99_999]).toBe(99_999);
    expect(tree.subtreeEnd[0]).toBe(100_000);
  });
});
