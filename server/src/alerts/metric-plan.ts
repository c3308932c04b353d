import type { MetricRequest } from './metric-source.ts';
import { isLatencyMetric } from './rule-types.ts';

/**
 * How a tick's metric requests become few queries. Span metrics (quantiles, rates, counts) of all
 * rules share one scan, each window a set of conditional aggregates. Conversion rules share one
 * query of the funnel's journeys per window. Span plans are split when they grow too wide.
 */
export interface SpanWindow {
  windowMs: number;
  quantiles: boolean;
  errors: boolean;
  timeouts: boolean;
}

/**
 * One scan: spans are aggregated per (step, every dimension any rule names) and window, then
 * rolled up into each rule's grouping. A rule's filters are dimensions of its grouping set whose
 * groups it keeps only where they hold the filter values, so filters cost no extra scan.
 */
export interface SpanPlan {
  steps: string[];
  dims: string[];
  /** Distinct `groupBy ∪ filter keys`, each in `dims` order. */
  groupings: string[][];
  windows: SpanWindow[];
  members: { request: number; window: number; grouping: number }[];
}

/**
 * Conversion rules share one journey pass over the widest window: every (step, window) is a bit
 * of a journey's entered/succeeded masks; journeys come back counted per (dimension values, masks),
 * few rows that rules filter and group in code.
 */
export interface JourneyPlan {
  /** Steps whose bits are computed; the link's first step always comes first. */
  steps: string[];
  windowsMs: number[];
  /** Every dimension a conversion rule filters or groups by. */
  dims: string[];
  members: { request: number; window: number }[];
}

/** Bits of a UInt64 mask: steps × windows of one journey pass must fit. */
const MASK_BITS = 64;

/** Windows per span scan; more are split into another scan. */
export const MAX_WINDOWS = 16;
function indexOf<T>(list: T[], item: T, same: (a: T, b: T) => boolean): number {
  const found = list.findIndex((candidate) => same(candidate, item));
  return found >= 0 ? found : list.push(item) - 1;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function planSpanMetrics(requests: readonly MetricRequest[]): SpanPlan[] {
  const plans: SpanPlan[] = [];
  requests.forEach((request, index) => {
    // Conversion reads journeys, violations consistency checks, burnRate the SLO counts
    // (server/src/slo/burn-rate-metrics.ts): none is a span metric.
    if (request.metric === 'conversion' || request.metric === 'violations' || request.metric === 'burnRate')
      return;
    let plan = plans.find(
      (candidate) =>
        candidate.windows.length < MAX_WINDOWS ||
        candidate.windows.some((w) => w.windowMs === request.windowMs),
    );
    if (!plan) {
      plan = { steps: [], dims: [], groupings: [], windows: [], members: [] };
      plans.push(plan);
    }
    if (!plan.steps.includes(request.step)) plan.steps.push(request.step);
    const keys = [...new Set([...request.groupBy, ...Object.keys(request.filters)])];
    for (const key of keys) if (!plan.dims.includes(key)) plan.dims.push(key);
    const dims = plan.dims;
    const grouping = indexOf(
      plan.groupings,
      keys.sort((a, b) => dims.indexOf(a) - dims.indexOf(b)),
      sameJson,
    );
    const window = indexOf(
      plan.windows,
      { windowMs: request.windowMs, quantiles: false, errors: false, timeouts: false },
      (a, b) => a.windowMs === b.windowMs,
    );
    const needs = plan.windows[window]!;
    if (isLatencyMetric(request.metric)) needs.quantiles = true;
    if (request.metric === 'error_rate') needs.errors = true;
    if (request.metric === 'timeout_rate') needs.timeouts = true;
    plan.members.push({ request: index, window, grouping });
  });
  return plans;
}

export function planJourneyMetrics(requests: readonly MetricRequest[], firstStep: string): JourneyPlan[] {
  const plans: JourneyPlan[] = [];
  requests.forEach((request, index) => {
    if (request.metric !== 'conversion') return;
    const fits = (plan: JourneyPlan) => {
      const steps = plan.steps.length + (plan.steps.includes(request.step) ? 0 : 1);
      const windows = plan.windowsMs.length + (plan.windowsMs.includes(request.windowMs) ? 0 : 1);
      return steps * windows <= MASK_BITS;
    };
    let plan = plans.find(fits);
    if (!plan) {
      plan = { steps: [firstStep], windowsMs: [], dims: [], members: [] };
      plans.push(plan);
    }
    if (!plan.steps.includes(request.step)) plan.steps.push(request.step);
    for (const key of [...request.groupBy, ...Object.keys(request.filters)])
      if (!plan.dims.includes(key)) plan.dims.push(key);
    const window = indexOf(plan.windowsMs, request.windowMs, (a, b) => a === b);
    plan.members.push({ request: index, window });
  });
  return plans;
}
