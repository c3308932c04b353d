import type { RangeNs } from '../analytics/link-spans-source.ts';

/**
 * Which part of a journey pass reads the per-minute journeys (paylens_journey_minutes) and which
 * reads link spans one by one. A whole minute inside the link spans' coverage is read from the
 * minutes table; a window's partial first minute, the partial last minute and anything before the
 * coverage are read span by span. A span read both ways is harmless: every journey column merges by
 * OR or by minimum.
 */
export interface JourneyMinutesPlan {
  /** Whole minutes read from the minutes table: [fromSec, toSec). */
  fromSec: number;
  toSec: number;
  /** Read span by span, sorted, not overlapping. */
  spans: RangeNs[];
}

const MINUTE_MS = 60_000;

/** Below this many whole minutes, the span-by-span pass alone is cheaper than building minutes. */
export const MIN_WHOLE_MINUTES = 5;

const ns = (ms: number) => BigInt(ms) * 1_000_000n;

/**
 * The plan for windows ending at `atMs`, or undefined when too few whole minutes are covered.
 * `coveredFromNs`: from when the link spans table is complete (undefined: not at all).
 */
export function planJourneyMinutes(
  atMs: number,
  windowsMs: readonly number[],
  coveredFromNs: bigint | undefined,
): JourneyMinutesPlan | undefined {
  if (coveredFromNs === undefined || windowsMs.length === 0) return undefined;
  const startMs = atMs - Math.max(...windowsMs);
  const coveredFromMs = Number((coveredFromNs + 999_999n) / 1_000_000n);
  const fromMs = Math.ceil(Math.max(startMs, coveredFromMs) / MINUTE_MS) * MINUTE_MS;
  const toMs = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
  if (toMs - fromMs < MIN_WHOLE_MINUTES * MINUTE_MS) return undefined;
  const pieces: [number, number][] = [
    [startMs, fromMs],
    [toMs, atMs],
  ];
  // A window starting inside a whole minute has that minute's tail read span by span.
  for (const windowMs of windowsMs) {
    const windowStartMs = atMs - windowMs;
    if (windowStartMs > fromMs && windowStartMs < toMs)
      pieces.push([windowStartMs, Math.ceil(windowStartMs / MINUTE_MS) * MINUTE_MS]);
  }
  return { fromSec: fromMs / 1000, toSec: toMs / 1000, spans: mergeRanges(pieces) };
}

/**
 * The plan with these minutes (seconds since the epoch: not built yet, or stale) read span by span
 * too. Their older rows may still be read: a subset of their spans, harmless beside them.
 */
export function withMinutesFromSpans(
  plan: JourneyMinutesPlan,
  minutes: readonly number[],
): JourneyMinutesPlan {
  if (minutes.length === 0) return plan;
  const pieces: [number, number][] = plan.spans.map((range) => [
    Number(range.fromNs / 1_000_000n),
    Number(range.toNs / 1_000_000n),
  ]);
  for (const [from, to] of minuteRuns([...minutes].sort((a, b) => a - b)))
    pieces.push([from * 1000, to * 1000]);
  return { ...plan, spans: mergeRanges(pieces) };
}

function mergeRanges(pieces: [number, number][]): RangeNs[] {
  const sorted = pieces.filter(([from, to]) => from < to).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged.map(([from, to]) => ({ fromNs: ns(from), toNs: ns(to) }));
}

/** Minutes [fromSec, toSec) whose recorded span count differs from the current one: to (re)build. */
export function staleMinutes(
  current: ReadonlyMap<number, number>,
  built: ReadonlyMap<number, number>,
): number[] {
  const stale: number[] = [];
  for (const [minute, spans] of current) if (built.get(minute) !== spans) stale.push(minute);
  return stale.sort((a, b) => a - b);
}

/** Consecutive minutes (seconds since the epoch) as [fromSec, toSec) ranges. */
export function minuteRuns(minutes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const minute of minutes) {
    const last = runs.at(-1);
    if (last && last[1] === minute) last[1] = minute + 60;
    else runs.push([minute, minute + 60]);
  }
  return runs;
}
