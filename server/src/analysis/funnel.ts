/** What ClickHouse counts per step of the funnel (journeys as the unit). */
export interface FunnelStepCounts {
  step: string;
  entered: number;
  succeeded: number;
  failed: number;
  dropped: number;
  p50MsFromPrevious: number | null;
  p90MsFromPrevious: number | null;
  topErrors: { message: string; count: number }[];
}

export interface FunnelStep extends FunnelStepCounts {
  conversionFromStart: number | null;
  conversionFromPrevious: number | null;
}

/**
 * Conversions per DESIGN.md: from start = succeeded here ÷ entered the first step; from previous =
 * succeeded here ÷ succeeded at the previous step (for the first step: ÷ entered it). Null where
 * the denominator is zero, rather than a made-up 0 or 1.
 */
export function withConversions(steps: readonly FunnelStepCounts[]): FunnelStep[] {
  const started = steps[0]?.entered ?? 0;
  return steps.map((step, index) => {
    const previous = index === 0 ? step.entered : (steps[index - 1]?.succeeded ?? 0);
    return {
      ...step,
      conversionFromStart: ratio(step.succeeded, started),
      conversionFromPrevious: ratio(step.succeeded, previous),
    };
  });
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
