import type { FunnelStep } from '../api/schemas/funnel.ts';

/** Widths (fractions of the widest bar) of one funnel step's segments. */
export interface FunnelBar {
  step: string;
  succeeded: number;
  failed: number;
  /** Journeys that passed the previous step and never arrived here, drawn as a ghost after the bar. */
  dropped: number;
}

/** Scales every step against the largest of (entered + dropped), so bars are comparable down the funnel. */
export function funnelBars(steps: readonly FunnelStep[]): FunnelBar[] {
  const scale = Math.max(1, ...steps.map((s) => Math.max(s.entered, s.succeeded + s.failed) + s.dropped));
  return steps.map((s) => ({
    step: s.step,
    succeeded: s.succeeded / scale,
    failed: s.failed / scale,
    dropped: s.dropped / scale,
  }));
}

/**
 * The step to watch for stuck payments by default: the one before the biggest drop-off (where
 * journeys most often stop), else the first step.
 */
export function defaultStuckStep(steps: readonly FunnelStep[]): string | undefined {
  let best: { index: number; dropped: number } | null = null;
  steps.forEach((s, index) => {
    if (index > 0 && s.dropped > 0 && (!best || s.dropped > best.dropped))
      best = { index, dropped: s.dropped };
  });
  const chosen = best as { index: number; dropped: number } | null;
  return chosen ? steps[chosen.index - 1]?.step : steps[0]?.step;
}

/** A group's conversion against the whole: 'bad' 5+ points under, 'warn' 1+ under, 'ok' otherwise. */
export function conversionLevel(
  group: number | null,
  overall: number | null,
): 'ok' | 'warn' | 'bad' | 'none' {
  if (group === null || overall === null) return 'none';
  const gap = overall - group;
  if (gap >= 0.05) return 'bad';
  if (gap >= 0.01) return 'warn';
  return 'ok';
}
