import type { Logger } from 'pino';
import type { LinkDefinition } from '../link/definition.ts';
import type { LinkSet } from '../link/link-set.ts';
import { buildNotification, notificationTimeMs } from './build-notification.ts';
import type { Clock } from './clock.ts';
import type { DeliveryLog } from './delivery-log.ts';
import type { EventRepository } from './event-repository.ts';
import type { MetricRequest, MetricSource } from './metric-source.ts';
import { outboxEntries } from './outbox-entries.ts';
import type { OutboxRepository } from './outbox-repository.ts';
import { planRetired, planRule } from './plan-rule.ts';
import { linkOfRule } from './rule-link.ts';
import type { RuleRepository } from './rule-repository.ts';
import type { AlertRule } from './rule-types.ts';
import type { StateRepository, StoredAlertState } from './state-repository.ts';

export interface EvaluatorDeps {
  /** The default link; `links` names the rest (a rule reads the link it names). */
  link: Pick<LinkDefinition, 'steps' | 'checks'>;
  links?: LinkSet;
  rules: RuleRepository;
  states: StateRepository;
  outbox: OutboxRepository;
  events: EventRepository;
  deliveryLog: DeliveryLog;
  metrics: MetricSource;
  clock: Clock;
  publicUrl: string;
  logger: Pick<Logger, 'warn'>;
  /** Trace ids attached to a firing notification. */
  sampleLimit?: number;
  /** Test hook between the protocol's writes: 'state-written', 'outbox-written'. */
  checkpoint?: (phase: 'state-written' | 'outbox-written') => Promise<void> | void;
}

export interface TickSummary {
  rules: number;
  alertsWritten: number;
  notifications: number;
  recovered: number;
  durationMs: number;
}

export function metricRequestOf(rule: AlertRule): MetricRequest {
  return {
    link: rule.link,
    step: rule.step,
    ...(rule.check === undefined ? {} : { check: rule.check }),
    metric: rule.metric,
    windowMs: rule.windowMs,
    ...(rule.shortWindowMs === undefined ? {} : { shortWindowMs: rule.shortWindowMs }),
    filters: rule.filters,
    groupBy: rule.groupBy,
  };
}

/**
 * One evaluation tick. ClickHouse has no transactions, so the writes follow a protocol that a crash
 * at any point leaves recoverable, and never sends a notification twice:
 *  1. state rows, each notified transition's notification inside (PendingEvent, Enqueued = 0);
 *  2. history events and outbox rows, with ids derived from rule + group + transition number;
 *  3. the state rows again with Enqueued = 1.
 * Every tick first finishes step 2–3 for states left at step 1 by a crash; doing step 2 twice
 * writes the same ids, which the tables collapse and delivery never sees as new.
 */
export async function evaluateTick(deps: EvaluatorDeps): Promise<TickSummary> {
  const startedMs = performance.now();
  const nowMs = deps.clock.now();
  const allRules = await deps.rules.list();
  const rulesById = new Map<string, AlertRule>(allRules.map((rule) => [rule.id, rule]));
  const states = await deps.states.load();

  const unfinished = states.filter((state) => state.pendingEvent !== null && !state.enqueued);
  await addDeleted(
    deps,
    unfinished.map((state) => state.ruleId),
    rulesById,
  );
  const finished = await enqueue(deps, unfinished, rulesById, nowMs);
  const current = new Map(states.map((state) => [`${state.ruleId}\u0000${state.groupKey}`, state]));
  for (const state of finished) current.set(`${state.ruleId}\u0000${state.groupKey}`, state);

  const rules = allRules.filter((rule) => rule.enabled);
  const statesByRule = new Map<string, StoredAlertState[]>();
  for (const state of current.values())
    statesByRule.set(state.ruleId, [...(statesByRule.get(state.ruleId) ?? []), state]);
  const measured = await deps.metrics.measure(rules.map(metricRequestOf), nowMs);
  const plans = rules.flatMap((rule, index) =>
    planRule(rule, measured[index] ?? [], statesByRule.get(rule.id) ?? [], nowMs).map((plan) => ({
      rule,
      plan,
    })),
  );
  for (const rule of await retiredRules(deps, rules, statesByRule, rulesById))
    for (const plan of planRetired(rule, statesByRule.get(rule.id) ?? [], nowMs)) plans.push({ rule, plan });
  const firing = plans.filter(({ plan }) => plan.notify === 'firing');
  const samples = await samplesFor(deps, firing, nowMs);
  const written: StoredAlertState[] = plans.map(({ rule, plan }) => {
    const pendingEvent = plan.notify
      ? buildNotification({
          rule,
          link: (deps.links && linkOfRule(rule, deps.links)) ?? deps.link,
          groupKey: plan.groupKey,
          dimensions: plan.dimensions,
          state: plan.next,
          notify: plan.notify,
          sampleTraceIds: samples.get(plan)?.traces ?? [],
          sampleJourneys: samples.get(plan)?.journeys ?? [],
          publicUrl: deps.publicUrl,
          slo: plan.slo,
        })
      : null;
    return {
      ...plan.next,
      ruleId: rule.id,
      groupKey: plan.groupKey,
      version: (plan.previous?.version ?? 0) + 1,
      evaluatedMs: nowMs,
      pendingEvent,
      enqueued: pendingEvent === null,
    };
  });
  await deps.states.save(written);
  await deps.checkpoint?.('state-written');
  const notifying = written.filter((state) => !state.enqueued);
  await enqueue(deps, notifying, rulesById, nowMs);
  return {
    rules: rules.length,
    alertsWritten: written.length,
    notifications: notifying.length,
    recovered: unfinished.length,
    durationMs: performance.now() - startedMs,
  };
}

/**
 * Rules no longer evaluated (disabled or deleted) that still have pending or firing alerts: they
 * are retired (planRetired), and their resolve notifications go to the rule's last receivers.
 */
async function retiredRules(
  deps: EvaluatorDeps,
  evaluated: readonly AlertRule[],
  statesByRule: ReadonlyMap<string, readonly StoredAlertState[]>,
  rulesById: Map<string, AlertRule>,
): Promise<AlertRule[]> {
  const evaluatedIds = new Set(evaluated.map((rule) => rule.id));
  const active = [...statesByRule]
    .filter(
      ([id, states]) =>
        !evaluatedIds.has(id) && states.some((s) => s.state === 'pending' || s.state === 'firing'),
    )
    .map(([id]) => id);
  await addDeleted(deps, active, rulesById);
  return active.flatMap((id) => rulesById.get(id) ?? []);
}

/** Deleted rules among `ids` join `rulesById` as last stored, receivers included. */
async function addDeleted(deps: EvaluatorDeps, ids: readonly string[], rulesById: Map<string, AlertRule>) {
  const missing = [...new Set(ids)].filter((id) => !rulesById.has(id));
  for (const rule of await deps.rules.lastStored(missing)) rulesById.set(rule.id, rule);
}

/** Steps 2 and 3 of the protocol for states carrying a notification not yet in the outbox. */
async function enqueue(
  deps: EvaluatorDeps,
  states: readonly StoredAlertState[],
  rulesById: ReadonlyMap<string, AlertRule>,
  nowMs: number,
): Promise<StoredAlertState[]> {
  if (states.length === 0) return [];
  const disabled = await deps.deliveryLog.disabledReceivers();
  const events = [];
  const entries = [];
  for (const state of states) {
    const notification = state.pendingEvent!;
    const atMs = notificationTimeMs(notification);
    events.push({ notification, groupKey: state.groupKey, seq: state.seq, atMs });
    // Deleted rules were looked up (addDeleted); one whose rows expired has nobody left to tell.
    const rule = rulesById.get(state.ruleId);
    if (rule)
      entries.push(
        ...outboxEntries({
          rule,
          notification,
          atMs,
          nowMs,
          publicUrl: deps.publicUrl,
          disabledReceivers: disabled,
        }),
      );
  }
  await deps.events.record(events);
  await deps.outbox.enqueue(entries);
  await deps.checkpoint?.('outbox-written');
  const done = states.map((state) => ({
    ...state,
    version: state.version + 1,
    enqueued: true,
    pendingEvent: null,
  }));
  await deps.states.save(done);
  return done;
}

/** Sample traces for every alert that starts firing this tick, in one lookup. */
async function samplesFor<P>(
  deps: EvaluatorDeps,
  firing: readonly { rule: AlertRule; plan: P & { dimensions: Record<string, string> } }[],
  nowMs: number,
): Promise<Map<P, { traces: string[]; journeys: string[] }>> {
  if (firing.length === 0) return new Map();
  try {
    const requests = firing.map(({ rule, plan }) => ({
      ...metricRequestOf(rule),
      dimensions: plan.dimensions,
      op: rule.op,
      threshold: rule.threshold,
    }));
    const limit = deps.sampleLimit ?? 5;
    const samples = await deps.metrics.sampleTraceIds(requests, nowMs, limit);
    // Consistency checks' alerts name the violating journeys too.
    const journeys = requests.some((request) => request.metric === 'violations')
      ? ((await deps.metrics.sampleJourneys?.(requests, nowMs, limit)) ?? [])
      : [];
    return new Map(
      firing.map(({ plan }, index) => [
        plan,
        { traces: samples[index] ?? [], journeys: journeys[index] ?? [] },
      ]),
    );
  } catch (error) {
    deps.logger.warn({ err: error, alerts: firing.length }, 'sample traces unavailable for firing alerts');
    return new Map();
  }
}
