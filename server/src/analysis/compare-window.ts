import type { TimeRange } from '../http/time-params.ts';

/** The same range moved `compareMs` earlier: what `compare=1d` sets a figure against. */
export function previousRange(range: TimeRange, compareMs: number): TimeRange {
  return { from: range.from - compareMs, to: range.to - compareMs };
}
