import type { PathSpan } from './types.ts';

/** A span clipped to its (clipped) parent, with its children ordered for the backward walk. */
export interface ClippedSpan {
  id: string;
  parent: ClippedSpan | undefined;
  startNs: number;
  endNs: number;
  /** Last-finishing first; among equal ends the earlier start (the longer child) first. */
  children: ClippedSpan[];
}

/**
 * Clips every child to its parent's interval, top-down so a grandchild is clipped to the already
 * clipped child (Jaeger's sanitizeOverFlowingChildren):
 *
 *   |----parent----|                 kept as is           |----parent----|
 *     |--child--|                                      |------child------|   → clipped to the parent
 *   |----parent----|                                   |----parent----|
 *            |----child----|   → end clipped      |-c-|                      → dropped with its subtree
 *
 * Async children that outlive their parent are cut at the parent's end; clock-skewed children that
 * start before their parent are cut at its start; children wholly outside are dropped. Spans whose
 * parent is absent are roots. Spans never reached from a root (a parent cycle) are left out.
 */
export function clipToParents(spans: readonly PathSpan[]): ClippedSpan[] {
  const ids = new Set(spans.map((span) => span.id));
  const childrenOf = new Map<string, PathSpan[]>();
  const roots: ClippedSpan[] = [];
  for (const span of spans) {
    if (span.parentId === undefined || span.parentId === span.id || !ids.has(span.parentId)) {
      roots.push({ id: span.id, parent: undefined, startNs: span.startNs, endNs: span.endNs, children: [] });
      continue;
    }
    const siblings = childrenOf.get(span.parentId);
    if (siblings) siblings.push(span);
    else childrenOf.set(span.parentId, [span]);
  }
  const pending = [...roots];
  for (let parent = pending.pop(); parent; parent = pending.pop()) {
    for (const child of childrenOf.get(parent.id) ?? []) {
      if (child.startNs >= parent.endNs || child.endNs <= parent.startNs) continue;
      const clipped: ClippedSpan = {
        id: child.id,
        parent,
        startNs: Math.max(child.startNs, parent.startNs),
        endNs: Math.min(child.endNs, parent.endNs),
        children: [],
      };
      parent.children.push(clipped);
      pending.push(clipped);
    }
    parent.children.sort((a, b) => b.endNs - a.endNs || a.startNs - b.startNs);
  }
  return roots.sort((a, b) => a.startNs - b.startNs);
}
