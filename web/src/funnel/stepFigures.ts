import type { FunnelStep, TopError } from '../api/schemas/funnel.ts';
import { formatMs } from '../format/duration.ts';
import { formatCount } from '../format/number.ts';

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "1,204 attempts · 87 retried"; null when the server does not count attempts (older servers). */
export function attemptsText(step: Pick<FunnelStep, 'attempts' | 'retried'>): string | null {
  if (step.attempts === undefined) return null;
  const attempts = plural(step.attempts, 'attempt', 'attempts');
  return step.retried === undefined ? attempts : `${attempts} · ${formatCount(step.retried)} retried`;
}

/** A wait from the previous step: never shown below zero (older servers could send negative waits). */
export function waitText(ms: number | null): string {
  return formatMs(ms === null ? null : Math.max(0, ms));
}

/** "p50 / p90" of the wait from the previous step. */
export function waitsText(step: Pick<FunnelStep, 'p50MsFromPrevious' | 'p90MsFromPrevious'>): string {
  return `${waitText(step.p50MsFromPrevious)} / ${waitText(step.p90MsFromPrevious)}`;
}

/**
 * The note beside the waits when journeys started this step inside the previous one (their wait
 * counts as 0): its text and a tooltip saying what it means; null when none did.
 */
export function overlappedNote(overlapped: number | undefined): { text: string; title: string } | null {
  if (overlapped === undefined || overlapped <= 0) return null;
  return {
    text: `overlapped: ${formatCount(overlapped)}`,
    title: `${plural(overlapped, 'journey', 'journeys')} started this step inside the previous one (wait 0)`,
  };
}

/** "12 journeys (30 attempts)"; just the journeys when the server does not count failing spans. */
export function topErrorText(error: Pick<TopError, 'count' | 'attempts'>): string {
  const journeys = plural(error.count, 'journey', 'journeys');
  return error.attempts === undefined
    ? journeys
    : `${journeys} (${plural(error.attempts, 'attempt', 'attempts')})`;
}
