/** A failure message of a step, counted in journeys and in attempts. */
export interface FunnelError {
  message: string;
  /** Failed journeys whose last failing span of the step had this message. */
  count: number;
  /** Failing spans of the step with this message (retries included). */
  attempts: number;
}

/** What ClickHouse counts per step of the funnel (journeys as the unit). */
export interface FunnelStepCounts {
  step: string;
  entered: number;
  succeeded: number;
  failed: number;
  dropped: number;
  /** Spans of the step. */
  attempts: number;
  /** Journeys with more than one span of the step. */
  retried: number;
  /** Journeys that started this step inside the previous one (their wait is 0). */
  overlapped: number;
  p50MsFromPrevious: number | null;
  p90MsFromPrevious: number | null;
  topErrors: FunnelError[];
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

/** The most frequent failures: by journeys, then attempts, then message (a stable order). */
export function rankErrors(errors: readonly FunnelError[], limit: number): FunnelError[] {
  return [...errors]
    .sort(
      (a, b) =>
        b.count - a.count ||
        b.attempts - a.attempts ||
        (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
    )
    .slice(0, limit);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
