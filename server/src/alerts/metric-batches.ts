import type { MetricRequest } from './metric-source.ts';
import { type AlertMetric, isLatencyMetric } from './rule-types.ts';

/** What a batch computes per window: only the aggregates some rule asks for. */
export interface WindowNeeds {
  windowMs: number;
  quantiles: boolean;
  errors: boolean;
  timeouts: boolean;
}

/**
 * Rules that share filters and group-by (and kind: span metrics, or journeys for conversion) are
 * answered by one query: every step they name is a GROUP BY value, every window they use a
 * conditional aggregate over the widest one.
 */
export interface MetricBatch {
  kind: 'spans' | 'journeys';
  filters: Record<string, string>;
  groupBy: readonly string[];
  steps: string[];
  windows: WindowNeeds[];
  /** Request index → its window's index in `windows`. */
  members: { request: number; window: number }[];
}

function kindOf(metric: AlertMetric): MetricBatch['kind'] {
  return metric === 'conversion' ? 'journeys' : 'spans';
}

function sortedFilters(filters: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
}

export function batchRequests(requests: readonly MetricRequest[]): MetricBatch[] {
  const batches = new Map<string, MetricBatch>();
  requests.forEach((request, index) => {
    const filters = sortedFilters(request.filters);
    const kind = kindOf(request.metric);
    const key = JSON.stringify([kind, filters, request.groupBy]);
    let batch = batches.get(key);
    if (!batch) {
      batch = { kind, filters, groupBy: [...request.groupBy], steps: [], windows: [], members: [] };
      batches.set(key, batch);
    }
    if (!batch.steps.includes(request.step)) batch.steps.push(request.step);
    let window = batch.windows.findIndex((candidate) => candidate.windowMs === request.windowMs);
    if (window < 0) {
      window =
        batch.windows.push({ windowMs: request.windowMs, quantiles: false, errors: false, timeouts: false }) -
        1;
    }
    const needs = batch.windows[window]!;
    if (isLatencyMetric(request.metric)) needs.quantiles = true;
    if (request.metric === 'error_rate') needs.errors = true;
    if (request.metric === 'timeout_rate') needs.timeouts = true;
    batch.members.push({ request: index, window });
  });
  return [...batches.values()];
}
