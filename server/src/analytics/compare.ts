import { previousRange } from '../analysis/compare-window.ts';
import type { TimeRange } from '../http/time-params.ts';

/**
 * The answer over `range` and, when `compareMs` is given, the same answer over the range that far
 * back as `previous` (`compare=1d` on /steps, /funnel, /timeouts, the step distribution).
 */
export async function withPrevious<R extends object>(
  range: TimeRange,
  compareMs: number | undefined,
  answer: (range: TimeRange) => Promise<R>,
): Promise<R & { previous?: R }> {
  if (compareMs === undefined) return answer(range);
  // One after the other: on a few cores two scans side by side finish no sooner.
  const current = await answer(range);
  const previous = await answer(previousRange(range, compareMs));
  return { ...current, previous };
}
