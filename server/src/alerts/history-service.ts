import type { AlertStores } from './alert-stores.ts';
import type { DeliveryAttempt } from './delivery-log.ts';
import type { HistoryQuery } from './event-repository.ts';
import { dimensionsOfGroupKey } from './ids.ts';
import type { AlertNotification } from './notification.ts';
import type { OutboxStatus } from './outbox-repository.ts';

export interface DeliveryView {
  webhookId: string;
  receiver: string;
  url: string;
  status: OutboxStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  updatedAt: string;
  history: {
    attempt: number;
    at: string;
    outcome: DeliveryAttempt['outcome'];
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }[];
}

export interface EventView extends AlertNotification {
  at: string;
  deliveries: DeliveryView[];
}

export interface ActiveAlertView {
  ruleId: string;
  ruleName: string;
  step: string;
  metric: string;
  op: string;
  threshold: number;
  dimensions: Record<string, string>;
  state: 'pending' | 'firing';
  value: number | null;
  activeSince: string | null;
  firingSince: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `GET /alerts`: transitions newest first with their deliveries, and the alerts active now. */
export async function alertHistory(
  stores: AlertStores,
  query: HistoryQuery,
): Promise<{ events: EventView[]; active: ActiveAlertView[] }> {
  const [history, rules, states] = await Promise.all([
    stores.events.history(query),
    stores.rules.list(),
    stores.states.load(query.ruleId === undefined ? undefined : [query.ruleId]),
  ]);
  const entries = await stores.outbox.ofEvents(history.map((event) => event.notification.eventId));
  const attempts = await stores.deliveryLog.attemptsOf(entries.map((entry) => entry.webhookId));
  const deliveries = new Map<string, DeliveryView[]>();
  for (const entry of entries) {
    const view: DeliveryView = {
      webhookId: entry.webhookId,
      receiver: entry.receiverName,
      url: entry.url,
      status: entry.status,
      attempts: entry.attempts,
      lastStatusCode: entry.lastStatusCode || null,
      lastError: entry.lastError || null,
      nextAttemptAt: entry.status === 'pending' ? iso(entry.nextAttemptMs) : null,
      updatedAt: iso(entry.updatedMs),
      history: attempts
        .filter((attempt) => attempt.webhookId === entry.webhookId)
        .map((attempt) => ({
          attempt: attempt.attempt,
          at: iso(attempt.atMs),
          outcome: attempt.outcome,
          statusCode: attempt.statusCode || null,
          error: attempt.error || null,
          durationMs: attempt.durationMs,
        })),
    };
    deliveries.set(entry.eventId, [...(deliveries.get(entry.eventId) ?? []), view]);
  }
  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  const active: ActiveAlertView[] = [];
  for (const state of states) {
    const rule = rulesById.get(state.ruleId);
    if (!rule || (state.state !== 'pending' && state.state !== 'firing')) continue;
    active.push({
      ruleId: rule.id,
      ruleName: rule.name,
      step: rule.step,
      metric: rule.metric,
      op: rule.op,
      threshold: rule.threshold,
      dimensions: { ...rule.filters, ...dimensionsOfGroupKey(state.groupKey) },
      state: state.state,
      value: state.value,
      activeSince: state.activeSinceMs === null ? null : iso(state.activeSinceMs),
      firingSince: state.firingSinceMs === null ? null : iso(state.firingSinceMs),
    });
  }
  return {
    events: history.map(({ atMs, notification }) => ({
      ...notification,
      at: iso(atMs),
      deliveries: deliveries.get(notification.eventId) ?? [],
    })),
    active,
  };
}
