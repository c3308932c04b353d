import { clipToParents } from './clip-to-parent.ts';
import { LastFinishingChildFinder } from './last-finishing-child.ts';
import type { PathSection, PathSpan } from './types.ts';

/**
 * The critical path of a trace, Jaeger's algorithm: from each root, walk back from its end through
 * the last-finishing child, recursively; when a span has no child left that finished before the
 * point reached, the span itself is on the path back to its start, and the walk returns to the
 * parent at that start. Children are first clipped to their parent (see clipToParents).
 *
 * Iterative rather than recursive so a 100k-deep chain cannot overflow the stack. Sections come
 * back in time order; empty sections are left out.
 */
export function computeCriticalPath(spans: readonly PathSpan[]): PathSection[] {
  const sections: PathSection[] = [];
  const finder = new LastFinishingChildFinder();
  for (const root of clipToParents(spans)) {
    let current = root;
    let returningAtNs: number | undefined;
    for (;;) {
      const sectionEndNs = returningAtNs ?? current.endNs;
      const child = finder.find(current, returningAtNs);
      const sectionStartNs = child ? child.endNs : current.startNs;
      if (sectionStartNs < sectionEndNs) {
        sections.push({ id: current.id, startNs: sectionStartNs, endNs: sectionEndNs });
      }
      if (child) {
        current = child;
        returningAtNs = undefined;
      } else if (current.parent) {
        returningAtNs = current.startNs;
        current = current.parent;
      } else {
        break;
      }
    }
  }
  return sections.sort((a, b) => a.startNs - b.startNs);
}

/** The ids of the spans that own at least one section of the critical path. */
export function criticalSpanIds(sections: readonly PathSection[]): Set<string> {
  return new Set(sections.map((section) => section.id));
}
