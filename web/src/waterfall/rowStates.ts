import type { SpanTree } from './spanTree.ts';

/**
 * The rows to show, computed in one linear pass outside React (as jaeger-ui's generateRowStates):
 * collapsed spans hide their subtree, a filter keeps matching spans with their ancestors, and a
 * re-root shows only one span's subtree.
 */
export interface RowOptions {
  /** Positions whose children are hidden. */
  collapsed?: ReadonlySet<number>;
  /** Only this position's subtree is shown (re-rooted there). */
  rootPosition?: number | null;
  /** Per position: 1 = keep. Null keeps every span. */
  keep?: Uint8Array | null;
}

export interface Rows {
  /** Visible positions in display order. */
  positions: Int32Array;
  /** Depth of each visible row, relative to the (re-)root. */
  depths: Int32Array;
  count: number;
}

export function generateRows(tree: SpanTree, options: RowOptions = {}): Rows {
  const { collapsed, keep } = options;
  const root = options.rootPosition ?? null;
  const begin = root === null ? 0 : root;
  const end = root === null ? tree.size : tree.subtreeEnd[root]!;
  const baseDepth = root === null ? 0 : tree.depth[root]!;
  const positions = new Int32Array(end - begin);
  const depths = new Int32Array(end - begin);
  let count = 0;
  let p = begin;
  while (p < end) {
    // Without a kept span in it, a whole subtree is hidden (a kept descendant would keep p).
    if (keep && keep[p] !== 1) {
      p = tree.subtreeEnd[p]!;
      continue;
    }
    positions[count] = p;
    depths[count] = tree.depth[p]! - baseDepth;
    count++;
    p = collapsed?.has(p) ? tree.subtreeEnd[p]! : p + 1;
  }
  return { positions: positions.subarray(0, count), depths: depths.subarray(0, count), count };
}

/**
 * Marks the positions whose span matches, plus their ancestors so the tree stays readable. Each
 * position is marked at most once, so the walk up stops at the first already-kept ancestor: O(n).
 */
export function filterKeep(tree: SpanTree, matches: (spanIndex: number) => boolean): Uint8Array {
  const keep = new Uint8Array(tree.size);
  for (let p = 0; p < tree.size; p++) {
    if (!matches(tree.order[p]!)) continue;
    for (let a = p; a !== -1 && keep[a] !== 1; a = tree.parent[a]!) keep[a] = 1;
  }
  return keep;
}

/** Collapses every span with children at `depth` or deeper (relative to the tree), e.g. "expand 2 levels". */
export function collapseBelowDepth(tree: SpanTree, depth: number): Set<number> {
  const collapsed = new Set<number>();
  for (let p = 0; p < tree.size; p++) {
    if (tree.depth[p]! >= depth && tree.subtreeEnd[p]! > p + 1) collapsed.add(p);
  }
  return collapsed;
}

/** Index of `position` among the rows, or -1 when it is hidden. Rows are in increasing position order. */
export function rowIndexOf(rows: Rows, position: number): number {
  let lo = 0;
  let hi = rows.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = rows.positions[mid]!;
    if (value === position) return mid;
    if (value < position) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The collapsed positions: those at or below `fold` depth, with `toggled` flipped (a toggled span is
 * open under a fold, or closed without one). Only spans with children can be collapsed.
 */
export function collapsedPositions(
  tree: SpanTree,
  fold: number | null,
  toggled: Iterable<number>,
): Set<number> {
  const collapsed = fold === null ? new Set<number>() : collapseBelowDepth(tree, fold);
  for (const p of toggled) {
    if (tree.subtreeEnd[p]! <= p + 1) continue;
    if (collapsed.has(p)) collapsed.delete(p);
    else collapsed.add(p);
  }
  return collapsed;
}
