import type { BurnRateDetails } from './metric-source.ts';
import type { AlertMetric, Comparator } from './rule-types.ts';

/**
 * What one alert transition tells receivers; every format is drawn from it. Latency values are
 * milliseconds; rates and conversion are fractions.
 */
export interface AlertNotification {
  /** Deterministic: rule id + group key + transition sequence. */
  eventId: string;
  state: 'firing' | 'resolved';
  rule: {
    id: string;
    name: string;
    version: number;
    metric: AlertMetric;
    op: Comparator;
    window: string;
    for: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  step: { id: string; title: string };
  /** The group-by dimension values that broke the rule (and the rule's filters). */
  dimensions: Record<string, string>;
  /** Observed value when the alert moved (null: no data). */
  value: number | null;
  threshold: number;
  windowMs: number;
  /** ISO-8601 start of the breach. */
  startsAt: string;
  /** ISO-8601 time it resolved; null while firing. */
  endsAt: string | null;
  samples: { traceId: string; url: string }[];
  /** Metric violations: the consistency check, and its newest violating journeys (the count is `value`). */
  check?: { id: string; title: string; kind: string; severity: string };
  journeys?: { key: string; url: string }[];
  /** The rule's page in the paylens UI. */
  url: string;
  /** burnRate rules: the SLO, both windows' burn rates and the budget remaining. */
  slo?: BurnRateDetails;
  /** Set for `POST /alert-rules/:id/test` deliveries. */
  test?: boolean;
}

export interface FormatContext {
  webhookId: string;
  /** The receiver's name (or host), for formats that carry one. */
  receiverName: string;
  /** paylens' base URL. */
  publicUrl: string;
}

export interface FormattedBody {
  body: string;
  contentType: string;
}

/** `p99 > 1500 ms`, `timeout_rate > 5%`: a rule's condition for people. */
export function describeValue(metric: AlertMetric, value: number | null): string {
  if (value === null) return 'no data';
  if (metric === 'count' || metric === 'violations') return String(value);
  if (metric === 'burnRate') return `${round(value)}×`;
  if (metric === 'timeout_rate' || metric === 'error_rate' || metric === 'conversion')
    return `${round(value * 100)}%`;
  return `${round(value)} ms`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function headline(notification: AlertNotification): string {
  const { rule, step, value, threshold } = notification;
  const dims = Object.entries(notification.dimensions)
    .map(([key, dimension]) => `${key}=${dimension}`)
    .join(', ');
  const where = dims ? ` (${dims})` : '';
  const observed = describeValue(rule.metric, value);
  const limit = describeValue(rule.metric, threshold);
  if (notification.check) {
    return `${rule.name}: ${notification.check.id} violations ${observed} ${rule.op} ${limit}`;
  }
  return `${rule.name}: ${step.id} ${rule.metric} ${observed} ${rule.op} ${limit}${where}`;
}
