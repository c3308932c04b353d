/** How a figure compares with its targets, for colouring cells: ok / warn / bad, or none without a target. */
export type Level = 'ok' | 'warn' | 'bad' | 'none';

export interface StepTargets {
  /** The latency objective on p99, from the link definition. */
  sloP99Ms?: number | null;
  /** The configured timeout budget. */
  timeoutMs?: number | null;
}

/** A latency is bad at or beyond the timeout budget (calls are being cut off), a warning above the SLO. */
export function latencyLevel(valueMs: number | null | undefined, targets: StepTargets): Level {
  if (valueMs === null || valueMs === undefined) return 'none';
  if (targets.timeoutMs && valueMs >= targets.timeoutMs) return 'bad';
  if (targets.sloP99Ms && valueMs > targets.sloP99Ms) return 'warn';
  return targets.timeoutMs || targets.sloP99Ms ? 'ok' : 'none';
}

/** Error and timeout rates: a warning from 1%, bad from 5%. */
export function rateLevel(rate: number | null | undefined, warnAt = 0.01, badAt = 0.05): Level {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return 'none';
  if (rate >= badAt) return 'bad';
  if (rate >= warnAt) return 'warn';
  return 'ok';
}

/** p99 as a share of the budget (1 = at the budget), for the bar beside a hotspot. */
export function budgetUse(
  p99Ms: number | null | undefined,
  timeoutMs: number | null | undefined,
): number | null {
  if (p99Ms === null || p99Ms === undefined || !timeoutMs) return null;
  return p99Ms / timeoutMs;
}

/** Counts of alert rules by state, firing first, for the overview's status strip. */
export function countByState(states: readonly string[]): { state: string; count: number }[] {
  const order = ['firing', 'pending', 'resolved', 'ok', 'inactive'];
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return [...counts.entries()]
    .map(([state, count]) => ({ state, count }))
    .sort((a, b) => rank(a.state) - rank(b.state) || a.state.localeCompare(b.state));
}
