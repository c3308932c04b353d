/**
 * How SLO counts over windows ending at one instant are read exactly: whole minutes from the
 * per-minute rollup where it is complete, the rest (the partial minutes at each end, and anything
 * before the rollup's coverage) span by span. Pure; times in epoch milliseconds.
 */
export interface MsRange {
  fromMs: number;
  toMs: number;
}

export const MINUTE_MS = 60_000;

const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;

export interface RangeSplit {
  /** Whole minutes the rollup answers, [fromMs, toMs). */
  rollup?: MsRange;
  /** What is counted span by span. */
  spans: MsRange[];
}

/** [fromMs, toMs) split between the rollup (complete from `rollupFromMs`; undefined: not usable) and spans. */
export function splitRange(range: MsRange, rollupFromMs: number | undefined): RangeSplit {
  const whole = { spans: range.fromMs < range.toMs ? [range] : [] };
  if (rollupFromMs === undefined) return whole;
  const start = ceilMinute(Math.max(range.fromMs, rollupFromMs));
  const end = floorMinute(range.toMs);
  if (start >= end) return whole;
  const spans = [
    { fromMs: range.fromMs, toMs: start },
    { fromMs: end, toMs: range.toMs },
  ].filter((part) => part.fromMs < part.toMs);
  return { rollup: { fromMs: start, toMs: end }, spans };
}

export interface WindowPlan extends RangeSplit {
  windowMs: number;
}

export interface CountPlan {
  /** Rollup minutes to read: the union of every window's (they all end at the same minute). */
  rollup?: MsRange;
  /** Span ranges to read: the union of every window's, merged. */
  spans: MsRange[];
  windows: WindowPlan[];
}

/** The plan for windows [atMs − w, atMs), w in `windowsMs`. */
export function planWindowCounts(
  atMs: number,
  windowsMs: readonly number[],
  rollupFromMs: number | undefined,
): CountPlan {
  const windows = windowsMs.map((windowMs) => ({
    windowMs,
    ...splitRange({ fromMs: atMs - windowMs, toMs: atMs }, rollupFromMs),
  }));
  const rollups = windows.flatMap((window) => (window.rollup ? [window.rollup] : []));
  const rollup =
    rollups.length === 0
      ? undefined
      : { fromMs: Math.min(...rollups.map((r) => r.fromMs)), toMs: Math.max(...rollups.map((r) => r.toMs)) };
  return { rollup, spans: mergeMsRanges(windows.flatMap((window) => window.spans)), windows };
}

/** Overlapping or touching ranges merged, sorted. */
export function mergeMsRanges(ranges: readonly MsRange[]): MsRange[] {
  const merged: MsRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.fromMs - b.fromMs)) {
    const last = merged.at(-1);
    if (last && range.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, range.toMs);
    else merged.push({ ...range });
  }
  return merged;
}
