import { checkTitle } from '../link/check-schema.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { linkChecks, stepTitle } from '../link/definition.ts';
import { eventIdOf } from './ids.ts';
import type { BurnRateDetails } from './metric-source.ts';
import type { AlertNotification } from './notification.ts';
import type { AlertRule } from './rule-types.ts';
import type { AlertState, Notify } from './state-machine.ts';

const iso = (ms: number | null) => new Date(ms ?? 0).toISOString();

/** The notification of a transition: what broke, by how much, since when, and where to look. */
export function buildNotification(input: {
  rule: AlertRule;
  link: Pick<LinkDefinition, 'steps' | 'checks'>;
  groupKey: string;
  dimensions: Record<string, string>;
  state: AlertState;
  notify: Notify;
  sampleTraceIds: readonly string[];
  /** Metric violations: keys of the newest violating journeys. */
  sampleJourneys?: readonly string[];
  publicUrl: string;
  test?: boolean;
  slo?: BurnRateDetails;
}): AlertNotification {
  const { rule, state, notify, publicUrl } = input;
  const step = input.link.steps.find((candidate) => candidate.id === rule.step);
  const base = publicUrl.replace(/\/+$/, '');
  const notification: AlertNotification = {
    eventId: eventIdOf(rule.id, input.groupKey, state.seq),
    state: notify,
    rule: {
      id: rule.id,
      name: rule.name,
      version: rule.version,
      metric: rule.metric,
      op: rule.op,
      window: rule.window,
      for: rule.for,
      labels: rule.labels,
      annotations: rule.annotations,
    },
    step: { id: rule.step, title: step ? stepTitle(step) : rule.step },
    dimensions: { ...rule.filters, ...input.dimensions },
    value: state.value,
    threshold: rule.threshold,
    windowMs: rule.windowMs,
    startsAt: iso(state.firingSinceMs),
    endsAt: notify === 'resolved' ? iso(state.resolvedAtMs) : null,
    samples: input.sampleTraceIds.map((traceId) => ({
      traceId,
      url: `${base}/traces/${encodeURIComponent(traceId)}`,
    })),
    url: `${base}/alerts?rule=${encodeURIComponent(rule.id)}`,
  };
  const check = linkChecks(input.link).find((candidate) => candidate.id === rule.check);
  if (rule.metric === 'violations' && check) {
    notification.check = {
      id: check.id,
      title: checkTitle(check),
      kind: check.kind,
      severity: check.severity,
    };
    notification.journeys = (input.sampleJourneys ?? []).map((key) => ({
      key,
      url: `${base}/journeys/${encodeURIComponent(key)}`,
    }));
  }
  if (input.slo) notification.slo = input.slo;
  if (input.test) notification.test = true;
  return notification;
}

/** When the transition happened (epoch ms): the resolve time, else the start of firing. */
export function notificationTimeMs(notification: AlertNotification): number {
  return Date.parse(notification.endsAt ?? notification.startsAt);
}
