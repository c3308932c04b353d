/**
 * The span tree flattened in depth-first order (children by start time), in typed arrays so a
 * 100,000-span trace costs a few megabytes and one linear pass. Positions index the flattened order;
 * `order[position]` is the index into the original span array.
 */
export interface TreeSpanInput {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  startOffsetMs: number;
}

export interface SpanTree {
  size: number;
  /** position → span index */
  order: Int32Array;
  /** span index → position */
  positionOf: Int32Array;
  /** position → depth (roots are 0) */
  depth: Int32Array;
  /** position → parent position, or -1 for a root */
  parent: Int32Array;
  /** position → first position after its subtree (exclusive end) */
  subtreeEnd: Int32Array;
}

export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}:${spanId}`;
}

/** Span index by (traceId, spanId), two-level so no key strings are built for 100,000 spans. */
export interface SpanIndex {
  get(traceId: string, spanId: string): number | undefined;
}

export function createSpanIndex(spans: readonly { traceId: string; spanId: string }[]): SpanIndex {
  const byTrace = new Map<string, Map<string, number>>();
  spans.forEach((s, i) => {
    let ids = byTrace.get(s.traceId);
    if (!ids) {
      ids = new Map();
      byTrace.set(s.traceId, ids);
    }
    ids.set(s.spanId, i);
  });
  return { get: (traceId, spanId) => byTrace.get(traceId)?.get(spanId) };
}

export function buildSpanTree(
  spans: readonly TreeSpanInput[],
  index: SpanIndex = createSpanIndex(spans),
): SpanTree {
  const n = spans.length;
  // Children in compressed form (one Int32Array, offsets per parent) instead of 100,000 small arrays.
  const parentOf = new Int32Array(n).fill(-1);
  const childStart = new Int32Array(n + 1);
  const roots: number[] = [];
  spans.forEach((s, i) => {
    const parent = s.parentSpanId ? index.get(s.traceId, s.parentSpanId) : undefined;
    if (parent === undefined || parent === i) roots.push(i);
    else {
      parentOf[i] = parent;
      childStart[parent + 1]!++;
    }
  });
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(n - roots.length);
  for (let i = 0; i < n; i++) if (parentOf[i] !== -1) childList[fill[parentOf[i]!]!++] = i;
  const byStart = (a: number, b: number) => spans[a]!.startOffsetMs - spans[b]!.startOffsetMs || a - b;
  roots.sort(byStart);
  for (let p = 0; p < n; p++) sortSegment(childList, childStart[p]!, childStart[p + 1]!, byStart);

  const tree: SpanTree = {
    size: n,
    order: new Int32Array(n),
    positionOf: new Int32Array(n).fill(-1),
    depth: new Int32Array(n),
    parent: new Int32Array(n),
    subtreeEnd: new Int32Array(n),
  };
  let next = 0;
  const visit = (root: number) => {
    // Iterative DFS (deep traces must not overflow the call stack) over a flat stack of
    // (entry, depth, parent position) triples; entry ~position closes that position's subtree.
    const stack: number[] = [root, 0, -1];
    while (stack.length > 0) {
      const parentPos = stack.pop()!;
      const depth = stack.pop()!;
      const entry = stack.pop()!;
      if (entry < 0) {
        tree.subtreeEnd[~entry] = next;
        continue;
      }
      if (tree.positionOf[entry] !== -1) continue; // a parent cycle: already placed
      const pos = next++;
      tree.order[pos] = entry;
      tree.positionOf[entry] = pos;
      tree.depth[pos] = depth;
      tree.parent[pos] = parentPos;
      stack.push(~pos, 0, 0);
      for (let k = childStart[entry + 1]! - 1; k >= childStart[entry]!; k--)
        stack.push(childList[k]!, depth + 1, pos);
    }
  };
  for (const root of roots) visit(root);
  // Spans caught in a parent cycle are unreachable from any root: show them as roots.
  for (let i = 0; i < n; i++) if (tree.positionOf[i] === -1) visit(i);
  return tree;
}

/** Whether the span at `position` has children. */
export function hasChildren(tree: SpanTree, position: number): boolean {
  return tree.subtreeEnd[position]! > position + 1;
}

/** Positions from the root down to `position` (inclusive). */
export function ancestry(tree: SpanTree, position: number): number[] {
  const path: number[] = [];
  for (let p = position; p !== -1; p = tree.parent[p]!) path.push(p);
  return path.reverse();
}

/** Sorts list[from, to) in place; already-ordered runs (the usual case) cost one pass. */
function sortSegment(
  list: Int32Array,
  from: number,
  to: number,
  compare: (a: number, b: number) => number,
): void {
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++) sorted = compare(list[i - 1]!, list[i]!) <= 0;
  if (sorted) return;
  const part = Array.from(list.subarray(from, to)).sort(compare);
  list.set(part, from);
}
