import { describe, expect, it } from 'vitest';
import { buildSpanTree, type TreeInput } from '../../../src/analysis/waterfall/span-tree.ts';

function node(key: string, parentKey: string | undefined, startNs: number): TreeInput {
  return { key, parentKey, startNs };
}

describe('buildSpanTree', () => {
  it('orders depth-first with siblings by start time', () => {
    /*
     *   root ─┬─ b (t=20) ── b1 (t=25)
     *         └─ a (t=10)
     */
    const spans = [
      node('root', undefined, 0),
      node('b', 'root', 20),
      node('b1', 'b', 25),
      node('a', 'root', 10),
    ];
    const tree = buildSpanTree(spans);
    expect(tree.order.map((i) => spans[i]?.key)).toEqual(['root', 'a', 'b', 'b1']);
    expect(Array.from(tree.depth)).toEqual([0, 1, 2, 1]);
    expect(Array.from(tree.parent)).toEqual([-1, 0, 1, 0]);
    expect(tree.children).toEqual([[3, 1], [2], [], []]);
  });

  it('makes orphans roots, ordered among roots by start', () => {
    const spans = [node('late-orphan', 'missing', 50), node('root', undefined, 10), node('early', 'gone', 5)];
    const tree = buildSpanTree(spans);
    expect(tree.order.map((i) => spans[i]?.key)).toEqual(['early', 'root', 'late-orphan']);
    expect(Array.from(tree.depth)).toEqual([0, 0, 0]);
  });

  it('breaks a parent cycle at its earliest span and keeps every span', () => {
    /* a → b → c → a (a cycle), d hangs off c, self points at itself */
    const spans = [
      node('b', 'a', 20),
      node('a', 'c', 10),
      node('c', 'b', 30),
      node('d', 'c', 40),
      node('self', 'self', 5),
    ];
    const tree = buildSpanTree(spans);
    expect(tree.order.map((i) => spans[i]?.key)).toEqual(['self', 'a', 'b', 'c', 'd']);
    expect(tree.order.map((i) => tree.depth[i])).toEqual([0, 0, 1, 2, 3]);
  });

  it('copes with a 100,000-deep chain', () => {
    const spans = Array.from({ length: 100_000 }, (_, i) => node(`s${i}`, i ? `s${i - 1}` : undefined, i));
    const tree = buildSpanTree(spans);
    expect(tree.order.length).toBe(100_000);
    expect(tree.depth[99_999]).toBe(99_999);
  });
});
