import type { AlertMetric } from './rule-types.ts';

/**
 * Where the evaluator gets numbers from. One call per tick with every rule's question lets an
 * implementation share work (one query per group of rules with the same window and filters).
 */
export interface MetricRequest {
  /** The link the step is of (a rule's `link`); undefined: the default link. */
  link?: string;
  step: string;
  /** Metric `violations`: the consistency check. */
  check?: string;
  metric: AlertMetric;
  /** The window is [atMs − windowMs, atMs). */
  windowMs: number;
  /** burnRate: the short window (windowMs is the long one). */
  shortWindowMs?: number;
  /** Dimension → exact value. */
  filters: Readonly<Record<string, string>>;
  groupBy: readonly string[];
}

export interface MetricGroup {
  /** The group-by dimension values ({} without group-by). */
  dimensions: Record<string, string>;
  /** Spans of the step in the window (for conversion: journeys that entered the first step). */
  count: number;
  /** Null when there is nothing to compute it from (no spans, no journeys). */
  value: number | null;
  /** burnRate: both windows' burn rates (value is the lower: both are above it) and the SLO's budget. */
  slo?: BurnRateDetails;
}

export interface BurnRateDetails {
  step: string;
  objective: number;
  latencyMs: number | null;
  window: string;
  budgetRemaining: number | null;
  longWindow: { window: string; burnRate: number | null };
  shortWindow: { window: string; burnRate: number | null };
}

export interface SampleRequest extends MetricRequest {
  dimensions: Readonly<Record<string, string>>;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
}

export interface MetricSource {
  /** Answers in request order; a group appears only when the window holds data for it. */
  measure(requests: readonly MetricRequest[], atMs: number): Promise<MetricGroup[][]>;
  /**
   * For each request, a few trace ids that show the breach (slowest spans, timeouts, failures…),
   * in request order: from the last five minutes of the window when they hold `limit`, else from
   * the whole window. One call per tick for every alert that starts firing.
   */
  sampleTraceIds(requests: readonly SampleRequest[], atMs: number, limit: number): Promise<string[][]>;
  /** For `violations` requests: the newest violating journeys' keys (others get none). */
  sampleJourneys?(requests: readonly SampleRequest[], atMs: number, limit: number): Promise<string[][]>;
}
