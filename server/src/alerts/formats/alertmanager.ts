import { createHash } from 'node:crypto';
import {
  type AlertNotification,
  describeValue,
  type FormatContext,
  type FormattedBody,
} from '../notification.ts';
import { sloLines } from './slo-lines.ts';

/** Alertmanager's "zero time": what it sends as endsAt for an alert still firing. */
export const ALERTMANAGER_ZERO_TIME = '0001-01-01T00:00:00Z';

/** `payment.channel` → `payment_channel`: dimensions become valid Prometheus label names. */
export function labelName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The alert's labels: the rule's name, step and metric, its dimensions, then the rule's own labels. */
export function alertLabels(notification: AlertNotification): Record<string, string> {
  const labels: Record<string, string> = {
    alertname: notification.rule.name,
    step: notification.step.id,
    metric: notification.rule.metric,
  };
  for (const [key, value] of Object.entries(notification.dimensions)) labels[labelName(key)] = value;
  return { ...labels, ...notification.rule.labels };
}

/** Alertmanager's fingerprint style: a hash of the sorted label set, 16 hex digits. */
export function fingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((key) => `${key}\u00ff${labels[key]}`)
    .join('\u00ff');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The webhook body Alertmanager itself sends (version 4), one alert per notification. */
export function alertmanagerPayload(notification: AlertNotification, context: FormatContext) {
  const labels = alertLabels(notification);
  const annotations: Record<string, string> = {
    ...notification.rule.annotations,
    value: describeValue(notification.rule.metric, notification.value),
    threshold: `${notification.rule.op} ${describeValue(notification.rule.metric, notification.threshold)}`,
    window: notification.rule.window,
  };
  if (notification.slo) {
    const lines = sloLines(notification.slo);
    annotations.slo = lines.slo;
    annotations.burn_rates = lines.burnRates;
    annotations.budget_remaining = lines.budgetRemaining;
  }
  if (notification.samples.length > 0)
    annotations.sample_traces = notification.samples.map((sample) => sample.url).join(' ');
  const groupLabels = { alertname: notification.rule.name };
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(notification.rule.name)}}`,
    truncatedAlerts: 0,
    status: notification.state,
    receiver: context.receiverName,
    groupLabels,
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: context.publicUrl,
    alerts: [
      {
        status: notification.state,
        labels,
        annotations,
        startsAt: notification.startsAt,
        endsAt: notification.endsAt ?? ALERTMANAGER_ZERO_TIME,
        generatorURL: notification.url,
        fingerprint: fingerprint(labels),
      },
    ],
  };
}

export function formatAlertmanager(notification: AlertNotification, context: FormatContext): FormattedBody {
  return {
    body: JSON.stringify(alertmanagerPayload(notification, context)),
    contentType: 'application/json',
  };
}
