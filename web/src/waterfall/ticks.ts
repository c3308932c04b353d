import { formatMs } from '../format/duration.ts';

export interface Tick {
  /** Milliseconds from the start of the trace. */
  offsetMs: number;
  /** Position in the visible window, 0…1. */
  fraction: number;
  label: string;
}

/** The "nice" step (1, 2 or 5 × 10^k) that gives at most `maxTicks` intervals over `spanMs`. */
export function niceStep(spanMs: number, maxTicks: number): number {
  if (!(spanMs > 0) || maxTicks < 1) return 1;
  const rough = spanMs / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= rough) return m * power;
  }
  return 10 * power;
}

/**
 * Ticks for the visible window [viewStartMs, viewEndMs] (offsets from the trace start), on nice
 * round values, including the window's start when it is a multiple of the step.
 */
export function computeTicks(viewStartMs: number, viewEndMs: number, maxTicks = 6): Tick[] {
  const span = viewEndMs - viewStartMs;
  if (!(span > 0)) return [{ offsetMs: viewStartMs, fraction: 0, label: formatMs(viewStartMs) }];
  const step = niceStep(span, maxTicks);
  const first = Math.ceil(viewStartMs / step - 1e-9) * step;
  const ticks: Tick[] = [];
  for (let i = 0; ; i++) {
    const offsetMs = first + i * step;
    if (offsetMs > viewEndMs + step * 1e-9) break;
    // Rounds away the float noise of repeated addition (0.1 + 0.2…).
    const clean = Number(offsetMs.toPrecision(12));
    ticks.push({ offsetMs: clean, fraction: (clean - viewStartMs) / span, label: formatMs(clean) });
  }
  return ticks;
}
