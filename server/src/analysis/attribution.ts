/**
 * "Who is slow?": which attribute values are over-represented in a selection of a step's spans
 * (a latency band, a time slice, the failing ones) compared with the step's other spans — the
 * idea of Honeycomb's BubbleUp. Pure: the counts come from ClickHouse, the ranking happens here.
 */

/** One key's counted values: spans of the selection and of the baseline carrying each value. */
export interface KeyCounts {
  key: string;
  values: { value: string; selection: number; baseline: number }[];
}

export interface AttributeShare {
  key: string;
  value: string;
  selection: number;
  baseline: number;
  /** Share of the selection's spans carrying the value (0 when the selection is empty). */
  selectionShare: number;
  baselineShare: number;
  /** selectionShare ÷ baselineShare; null when the baseline never has the value. */
  lift: number | null;
}

export interface AttributionOptions {
  selectionCount: number;
  baselineCount: number;
  /** Keys never ranked (the journey key: an id per payment, it says nothing about a slice). */
  skipKeys?: ReadonlySet<string>;
  /** A key with more distinct values than this is an id and is skipped. */
  maxDistinctValues: number;
  limit: number;
}

/**
 * Values ranked by selectionShare − baselineShare (largest first), then by selection count, key and
 * value so equal scores come in a stable order; the first `limit` of them.
 */
export function rankAttribution(keys: readonly KeyCounts[], options: AttributionOptions): AttributeShare[] {
  const share = (count: number, total: number) => (total > 0 ? count / total : 0);
  const ranked: AttributeShare[] = [];
  for (const { key, values } of keys) {
    if (options.skipKeys?.has(key) || values.length > options.maxDistinctValues) continue;
    for (const { value, selection, baseline } of values) {
      const selectionShare = share(selection, options.selectionCount);
      const baselineShare = share(baseline, options.baselineCount);
      ranked.push({
        key,
        value,
        selection,
        baseline,
        selectionShare,
        baselineShare,
        lift: baselineShare > 0 ? selectionShare / baselineShare : null,
      });
    }
  }
  return ranked.sort(byScore).slice(0, options.limit);
}

function byScore(a: AttributeShare, b: AttributeShare): number {
  const scoreA = a.selectionShare - a.baselineShare;
  const scoreB = b.selectionShare - b.baselineShare;
  if (scoreA !== scoreB) return scoreB - scoreA;
  if (a.selection !== b.selection) return b.selection - a.selection;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
