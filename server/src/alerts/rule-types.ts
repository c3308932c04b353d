/** The alert rule as the API and the evaluator see it (DESIGN.md, "An alert rule"). */

export const ALERT_METRICS = [
  'p50',
  'p90',
  'p95',
  'p99',
  'p999',
  'timeout_rate',
  'error_rate',
  'conversion',
  'count',
  /** Journeys violating a consistency check (`check`) whose `at` falls in the window. */
  'violations',
  'burnRate',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** Latency metrics are milliseconds; rates and conversion are fractions in [0, 1]. */
export const LATENCY_METRICS = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;
export const FRACTION_METRICS = ['timeout_rate', 'error_rate', 'conversion'] as const;

export const COMPARATORS = ['>', '>=', '<', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const RECEIVER_FORMATS = ['generic', 'alertmanager', 'slack'] as const;
export type ReceiverFormat = (typeof RECEIVER_FORMATS)[number];

export interface Receiver {
  /** Shown as Alertmanager's `receiver` and in delivery history; defaults to the URL's host. */
  name?: string;
  url: string;
  format: ReceiverFormat;
  /** Standard Webhooks secret, `whsec_` + base64; no signature header without one. */
  secret?: string;
  headers: Record<string, string>;
  /** Replaces the format's body; `{{path}}` and `{{json path}}` read the generic payload's `data`. */
  template?: string;
}

/** What a client posts. */
export interface AlertRuleInput {
  name: string;
  /** The link whose step the rule watches (saved as the default link's name when a post omits it). */
  link?: string;
  step: string;
  /** The consistency check of metric `violations` (its step is the rule's step). */
  check?: string;
  metric: AlertMetric;
  op: Comparator;
  threshold: number;
  /** burnRate: the two windows that must both burn above the threshold (the SRE workbook's multiwindow alerts). */
  longWindow?: string;
  shortWindow?: string;
  /** Hysteresis: a firing alert resolves only once the value no longer breaks this (default: threshold). */
  resolveThreshold?: number;
  window: string;
  for: string;
  /** Fewer spans (or journeys, for conversion) than this in the window count as no data. */
  minCount: number;
  filters: Record<string, string>;
  groupBy: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  receivers: Receiver[];
  enabled: boolean;
}

/** A stored rule: the input plus what the API adds. */
export interface AlertRule extends AlertRuleInput {
  id: string;
  version: number;
  windowMs: number;
  /** burnRate: the short window; `windowMs` is the long one. */
  shortWindowMs?: number;
  forMs: number;
  createdAt: string;
  updatedAt: string;
}

export function isLatencyMetric(metric: AlertMetric): boolean {
  return (LATENCY_METRICS as readonly string[]).includes(metric);
}

export function isFractionMetric(metric: AlertMetric): boolean {
  return (FRACTION_METRICS as readonly string[]).includes(metric);
}
