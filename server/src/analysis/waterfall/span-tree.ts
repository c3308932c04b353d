/** What the tree needs of a span: a key unique in the set, its parent's key, and its start. */
export interface TreeInput {
  key: string;
  parentKey: string | undefined;
  startNs: number;
}

export interface SpanTree {
  /** Span indices in display order: depth-first, siblings and roots by start time. */
  order: number[];
  /** Resolved parent index per span, -1 for a root. */
  parent: Int32Array;
  depth: Int32Array;
  /** Children of each span, by start time. */
  children: number[][];
}

/**
 * Builds the display tree. A span whose parent is missing (not received, or outside the page)
 * becomes a root, ordered among roots by start; a parent cycle is broken at its earliest span.
 * Iterative throughout: a 100k-deep trace cannot overflow the stack.
 */
export function buildSpanTree(spans: readonly TreeInput[]): SpanTree {
  const count = spans.length;
  const indexOf = new Map<string, number>();
  spans.forEach((span, i) => {
    if (!indexOf.has(span.key)) indexOf.set(span.key, i);
  });
  const parent = new Int32Array(count).fill(-1);
  const children: number[][] = Array.from({ length: count }, () => []);
  const byStart = (a: number, b: number) => (spans[a]?.startNs ?? 0) - (spans[b]?.startNs ?? 0) || a - b;
  spans.forEach((span, i) => {
    const p = span.parentKey === undefined ? undefined : indexOf.get(span.parentKey);
    if (p === undefined || p === i) return;
    parent[i] = p;
    children[p]?.push(i);
  });
  for (const list of children) list.sort(byStart);

  const depth = new Int32Array(count);
  const visited = new Uint8Array(count);
  const walk = (root: number, emit: number[] | undefined) => {
    const stack = [root];
    depth[root] = 0;
    for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
      visited[i] = 1;
      emit?.push(i);
      const kids = children[i] ?? [];
      for (let k = kids.length - 1; k >= 0; k--) {
        const child = kids[k] as number;
        depth[child] = (depth[i] ?? 0) + 1;
        stack.push(child);
      }
    }
  };
  const byStartOrder = Array.from({ length: count }, (_, i) => i).sort(byStart);
  for (const i of byStartOrder) if (parent[i] === -1) walk(i, undefined);
  // Whatever was not reached hangs off a cycle: cut it at its earliest span, which becomes a root.
  for (const i of byStartOrder) {
    if (visited[i]) continue;
    const p = parent[i] as number;
    children[p] = (children[p] ?? []).filter((child) => child !== i);
    parent[i] = -1;
    walk(i, undefined);
  }
  const order: number[] = [];
  for (const i of byStartOrder) if (parent[i] === -1) walk(i, order);
  return { order, parent, depth, children };
}
