/** How far above the observed p99.9 a suggested timeout budget sits. */
export const BUDGET_HEADROOM = 1.5;

/** Mantissas of "tidy" durations: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (× 10ⁿ ms). */
const TIDY = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] as const;

/**
 * A timeout budget suggested from what is observed: p99.9 × headroom, rounded up to a tidy value
 * (1 ms at least), so a budget is neither tighter than real traffic nor an arbitrary number.
 * Null without observations.
 */
export function suggestedTimeoutMs(p999Ms: number | null, headroom = BUDGET_HEADROOM): number | null {
  if (p999Ms === null || !Number.isFinite(p999Ms)) return null;
  return roundUpTidy(Math.max(p999Ms * headroom, 1));
}

/** The smallest tidy value ≥ ms (ms > 0). */
export function roundUpTidy(ms: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(ms));
  for (const mantissa of TIDY) {
    // Products like 1.2 × 100 are not exact in floating point; round to the magnitude's precision.
    const candidate = Number((mantissa * magnitude).toPrecision(12));
    if (candidate >= ms) return candidate;
  }
  return 10 * magnitude;
}
