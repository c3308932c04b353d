import { dimensionsOfGroupKey, groupKeyOf } from './ids.ts';
import type { BurnRateDetails, MetricGroup } from './metric-source.ts';
import type { AlertRule } from './rule-types.ts';
import { type AlertState, advance, INITIAL_STATE, type Notify } from './state-machine.ts';
import type { StoredAlertState } from './state-repository.ts';

/** One alert's move in this tick. */
export interface PlannedAlert {
  groupKey: string;
  dimensions: Record<string, string>;
  previous: StoredAlertState | undefined;
  next: AlertState;
  notify?: Notify;
  /** burnRate: what the notification tells about the SLO, as measured now. */
  slo?: BurnRateDetails;
}

/**
 * Advances every alert of a rule: the groups measured now, plus those pending or firing before
 * (a group without data now is "no data", which resolves it). Fewer than `minCount` spans is no
 * data too; `count` reads 0 where nothing was measured. Returns only alerts worth writing: those
 * that moved, or are pending or firing (their value is refreshed).
 */
export function planRule(
  rule: AlertRule,
  measured: readonly MetricGroup[],
  states: readonly StoredAlertState[],
  nowMs: number,
): PlannedAlert[] {
  const observed = new Map<
    string,
    { dimensions: Record<string, string>; value: number | null; slo?: BurnRateDetails }
  >();
  for (const group of measured) {
    const value = group.count < rule.minCount ? null : group.value;
    observed.set(groupKeyOf(rule.groupBy, group.dimensions), {
      dimensions: group.dimensions,
      value,
      ...(group.slo ? { slo: group.slo } : {}),
    });
  }
  const previousByKey = new Map(states.map((state) => [state.groupKey, state]));
  const keys = new Set(observed.keys());
  if (rule.groupBy.length === 0) keys.add('');
  for (const state of states)
    if (state.state === 'pending' || state.state === 'firing') keys.add(state.groupKey);

  const planned: PlannedAlert[] = [];
  for (const groupKey of [...keys].sort()) {
    const previous = previousByKey.get(groupKey);
    const seen = observed.get(groupKey);
    const value = seen?.value ?? (rule.metric === 'count' && rule.minCount === 0 ? 0 : null);
    const { next, notify } = advance(previous ?? INITIAL_STATE, value, rule, nowMs);
    const moved = next.seq !== (previous?.seq ?? 0);
    if (!moved && next.state !== 'pending' && next.state !== 'firing') continue;
    const dimensions = seen?.dimensions ?? dimensionsOfGroupKey(groupKey);
    planned.push({ groupKey, dimensions, previous, next, notify, ...(seen?.slo ? { slo: seen.slo } : {}) });
  }
  return planned;
}

/**
 * A rule deleted or disabled: each of its firing alerts resolves (and says so, so the incident it
 * opened downstream closes), each pending one goes back to inactive; others stay as they are.
 */
export function planRetired(
  rule: AlertRule,
  states: readonly StoredAlertState[],
  nowMs: number,
): PlannedAlert[] {
  return states
    .filter((state) => state.state === 'pending' || state.state === 'firing')
    .sort((a, b) => a.groupKey.localeCompare(b.groupKey))
    .map((previous) => {
      // No data ends a breach: firing → resolved (notified), pending → inactive.
      const { next, notify } = advance(previous, null, rule, nowMs);
      return {
        groupKey: previous.groupKey,
        dimensions: dimensionsOfGroupKey(previous.groupKey),
        previous,
        next,
        notify,
      };
    });
}
