import { describe, expect, it } from 'vitest';
import { type NavState, navigate } from '../src/waterfall/keyboard.ts';
import { generateRows } from '../src/waterfall/rowStates.ts';
import { buildSpanTree } from '../src/waterfall/spanTree.ts';

// root(0) ─ a(1) ─ a1(2)
//         └ b(3)
const tree = buildSpanTree(
  [
    ['root', ''],
    ['a', 'root'],
    ['a1', 'a'],
    ['b', 'root'],
  ].map(([spanId, parentSpanId], i) => ({
    traceId: 't',
    spanId: spanId!,
    parentSpanId: parentSpanId!,
    startOffsetMs: i,
  })),
);
const state = (selected: number, collapsed: number[] = []): NavState => {
  const set = new Set(collapsed);
  return { tree, rows: generateRows(tree, { collapsed: set }), collapsed: set, selected, pageSize: 2 };
};

describe('navigate', () => {
  it('moves down and up, clamped, selecting the first row from nothing', () => {
    expect(navigate('ArrowDown', state(-1))).toEqual({ type: 'select', position: 0 });
    expect(navigate('j', state(0))).toEqual({ type: 'select', position: 1 });
    expect(navigate('ArrowDown', state(3))).toEqual({ type: 'select', position: 3 });
    expect(navigate('k', state(0))).toEqual({ type: 'select', position: 0 });
  });

  it('skips hidden rows of a collapsed span', () => {
    expect(navigate('ArrowDown', state(1, [1]))).toEqual({ type: 'select', position: 3 });
  });

  it('collapses an open parent, then goes to its parent', () => {
    expect(navigate('ArrowLeft', state(1))).toEqual({ type: 'collapse', position: 1 });
    expect(navigate('ArrowLeft', state(1, [1]))).toEqual({ type: 'select', position: 0 });
    expect(navigate('ArrowLeft', state(2))).toEqual({ type: 'select', position: 1 });
  });

  it('expands a collapsed parent, then enters its first child', () => {
    expect(navigate('ArrowRight', state(1, [1]))).toEqual({ type: 'expand', position: 1 });
    expect(navigate('ArrowRight', state(1))).toEqual({ type: 'select', position: 2 });
    expect(navigate('ArrowRight', state(3))).toBeNull();
  });

  it('pages, jumps to the ends, opens details and clears', () => {
    expect(navigate('PageDown', state(0))).toEqual({ type: 'select', position: 2 });
    expect(navigate('End', state(0))).toEqual({ type: 'select', position: 3 });
    expect(navigate('Home', state(3))).toEqual({ type: 'select', position: 0 });
    expect(navigate('Enter', state(2))).toEqual({ type: 'toggleDetails' });
    expect(navigate('Escape', state(2))).toEqual({ type: 'clear' });
    expect(navigate('x', state(2))).toBeNull();
  });
});
