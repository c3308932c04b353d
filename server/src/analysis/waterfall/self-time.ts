export interface Interval {
  startNs: number;
  endNs: number;
}

/**
 * Time of `span` not covered by any child: its duration minus the union of the children's
 * intervals clipped to it. Overlapping (concurrent) children are counted once; a child that
 * outlives the span or starts before it (clock skew) only covers the part inside it.
 */
export function selfTimeNs(span: Interval, children: readonly Interval[]): number {
  const clipped = children
    .map((child) => ({
      startNs: Math.max(child.startNs, span.startNs),
      endNs: Math.min(child.endNs, span.endNs),
    }))
    .filter((child) => child.endNs > child.startNs)
    .sort((a, b) => a.startNs - b.startNs);
  let covered = 0;
  let runStart = Number.NaN;
  let runEnd = Number.NaN;
  for (const child of clipped) {
    if (child.startNs > runEnd) {
      covered += runEnd - runStart;
      runStart = child.startNs;
      runEnd = child.endNs;
    } else if (Number.isNaN(runEnd)) {
      runStart = child.startNs;
      runEnd = child.endNs;
    } else {
      runEnd = Math.max(runEnd, child.endNs);
    }
  }
  if (!Number.isNaN(runEnd)) covered += runEnd - runStart;
  return Math.max(0, span.endNs - span.startNs - covered);
}
