import type { RangeNs } from '../analytics/link-spans-source.ts';

/** Traces closer than this are read as one range: fewer, slightly wider reads. */
export const RANGE_GAP_NS = 5_000_000_000n;
/** At most this many ranges in one read. */
export const MAX_RANGES = 16;

/**
 * The time ranges covering the given spans of time, overlapping or nearly touching ones merged:
 * a batch of traces from a few seconds of traffic becomes one read, a late callback of an
 * hour-old payment a second, small one.
 */
export function mergeRanges(
  ranges: readonly RangeNs[],
  gapNs = RANGE_GAP_NS,
  maxRanges = MAX_RANGES,
): RangeNs[] {
  const sorted = [...ranges].sort((a, b) => (a.fromNs < b.fromNs ? -1 : a.fromNs > b.fromNs ? 1 : 0));
  const merged: RangeNs[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.fromNs <= last.toNs + gapNs) {
      if (range.toNs > last.toNs) last.toNs = range.toNs;
    } else merged.push({ ...range });
  }
  // Too many ranges make a query slow to parse and plan: close the smallest gaps first.
  while (merged.length > maxRanges) {
    let smallest = 1;
    for (let i = 2; i < merged.length; i++) {
      if (merged[i]!.fromNs - merged[i - 1]!.toNs < merged[smallest]!.fromNs - merged[smallest - 1]!.toNs)
        smallest = i;
    }
    const [gone] = merged.splice(smallest, 1);
    const previous = merged[smallest - 1]!;
    if (gone!.toNs > previous.toNs) previous.toNs = gone!.toNs;
  }
  return merged;
}
