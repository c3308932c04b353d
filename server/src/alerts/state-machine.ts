import type { Comparator } from './rule-types.ts';

/**
 * One alert (a rule, or one group of a rule with group-by) moving through
 * inactive → pending → firing → resolved. Pure: the evaluator feeds it one observation per tick.
 *
 * - A breach starts `pending`; it turns `firing` once it has lasted `forMs` (at once when 0).
 * - A pending alert that stops breaching goes back to `inactive`, silently.
 * - A firing alert stays firing while the value breaks `resolveThreshold` (hysteresis; default the
 *   threshold); then it is `resolved`. No data (null) is not a breach.
 * - `resolved` behaves as `inactive` but tells the UI the alert fired recently.
 * Only the moves to firing and to resolved are notified.
 */
export type AlertStateName = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface AlertState {
  state: AlertStateName;
  /** Number of state changes so far: with the rule and group it names each transition uniquely. */
  seq: number;
  /** Start of the current breach (pending or firing), epoch ms. */
  activeSinceMs: number | null;
  /** When it turned firing, epoch ms. */
  firingSinceMs: number | null;
  /** When it last resolved, epoch ms. */
  resolvedAtMs: number | null;
  /** The last observed value (null: no data). */
  value: number | null;
}

export interface StateRule {
  op: Comparator;
  threshold: number;
  resolveThreshold?: number;
  forMs: number;
}

export type Notify = 'firing' | 'resolved';

export interface Advance {
  next: AlertState;
  /** Set when this tick's move must be sent to receivers. */
  notify?: Notify;
}

export const INITIAL_STATE: AlertState = {
  state: 'inactive',
  seq: 0,
  activeSinceMs: null,
  firingSinceMs: null,
  resolvedAtMs: null,
  value: null,
};

export function breaks(value: number | null, op: Comparator, threshold: number): boolean {
  if (value === null || Number.isNaN(value)) return false;
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

export function advance(previous: AlertState, value: number | null, rule: StateRule, nowMs: number): Advance {
  const current = { ...previous, value };
  const moved = (changes: Partial<AlertState>): AlertState => ({
    ...current,
    ...changes,
    seq: previous.seq + 1,
  });

  if (previous.state === 'firing') {
    if (breaks(value, rule.op, rule.resolveThreshold ?? rule.threshold)) return { next: current };
    return {
      next: moved({ state: 'resolved', activeSinceMs: null, resolvedAtMs: nowMs }),
      notify: 'resolved',
    };
  }

  const breach = breaks(value, rule.op, rule.threshold);
  if (previous.state === 'pending') {
    if (!breach) return { next: moved({ state: 'inactive', activeSinceMs: null }) };
    const since = previous.activeSinceMs ?? nowMs;
    if (nowMs - since >= rule.forMs)
      return { next: moved({ state: 'firing', firingSinceMs: nowMs }), notify: 'firing' };
    return { next: current };
  }

  // inactive or resolved
  if (!breach) return { next: current };
  if (rule.forMs <= 0)
    return { next: moved({ state: 'firing', activeSinceMs: nowMs, firingSinceMs: nowMs }), notify: 'firing' };
  return { next: moved({ state: 'pending', activeSinceMs: nowMs, firingSinceMs: null }) };
}
