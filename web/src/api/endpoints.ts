import { apiUrl, getJson, type QueryValue, requestJson, validate } from './client.ts';
import {
  type AlertRuleInput,
  alertRuleSchema,
  alertRulesResponseSchema,
  alertsResponseSchema,
  testResultSchema,
} from './schemas/alerts.ts';
import { checksResponseSchema, checkViolationsSchema } from './schemas/checks.ts';
import { attributionResponseSchema, distributionResponseSchema } from './schemas/drilldown.ts';
import { funnelResponseSchema, stuckResponseSchema } from './schemas/funnel.ts';
import { linkSchema } from './schemas/link.ts';
import { linksResponseSchema } from './schemas/links.ts';
import { sloSeriesSchema, slosResponseSchema } from './schemas/slos.ts';
import { seriesResponseSchema, stepsResponseSchema } from './schemas/steps.ts';
import { timeoutsResponseSchema } from './schemas/timeouts.ts';
import { tracesResponseSchema } from './schemas/traces.ts';

/** One typed function per API read the web app makes. */
export interface RangeQuery {
  fromMs: number;
  toMs: number;
}

const range = (r: RangeQuery) => ({ from: Math.round(r.fromMs), to: Math.round(r.toMs) });

export const fetchLink = (signal?: AbortSignal) => getJson(linkSchema, '/link', {}, signal);

export const fetchLinks = (signal?: AbortSignal) => getJson(linksResponseSchema, '/links', {}, signal);

export const fetchSteps = (
  r: RangeQuery,
  options: { groupBy?: string; filters?: Record<string, string>; compare?: string },
  signal?: AbortSignal,
) =>
  getJson(
    stepsResponseSchema,
    '/steps',
    { ...range(r), groupBy: options.groupBy, compare: options.compare, ...options.filters },
    signal,
  );

/** Dimension filters go to the API as `<dimension>=<value>`. */
export type Filters = Record<string, string>;

export const fetchSeries = (
  r: RangeQuery,
  step: string,
  bucket: string,
  filters: Filters,
  signal?: AbortSignal,
) => getJson(seriesResponseSchema, '/steps/series', { ...range(r), step, bucket, ...filters }, signal);

export const fetchTimeouts = (r: RangeQuery, filters: Filters, signal?: AbortSignal, compare?: string) =>
  getJson(timeoutsResponseSchema, '/timeouts', { ...range(r), compare, ...filters }, signal);

export const fetchFunnel = (
  r: RangeQuery,
  groupBy: string | undefined,
  filters: Filters,
  signal?: AbortSignal,
  compare?: string,
) => getJson(funnelResponseSchema, '/funnel', { ...range(r), groupBy, compare, ...filters }, signal);

export const fetchDistribution = (
  r: RangeQuery,
  step: string,
  options: { filters: Filters; compare?: string },
  signal?: AbortSignal,
) =>
  getJson(
    distributionResponseSchema,
    `/steps/${encodeURIComponent(step)}/distribution`,
    { ...range(r), compare: options.compare, ...options.filters },
    signal,
  );

/** The selection: a latency band [minMs, maxMs) within a time slice (the range), and an outcome. */
export interface AttributionSelection {
  minMs?: number;
  maxMs?: number;
  outcome?: 'error' | 'timeout';
}

export const fetchAttribution = (
  r: RangeQuery,
  step: string,
  selection: AttributionSelection,
  filters: Filters,
  signal?: AbortSignal,
) =>
  getJson(
    attributionResponseSchema,
    `/steps/${encodeURIComponent(step)}/attribution`,
    { ...range(r), minMs: selection.minMs, maxMs: selection.maxMs, outcome: selection.outcome, ...filters },
    signal,
  );

export const fetchStuck = (
  after: string,
  graceMs: number,
  r: RangeQuery,
  filters: Filters,
  signal?: AbortSignal,
) => getJson(stuckResponseSchema, '/stuck', { after, graceMs, ...range(r), ...filters }, signal);

export const fetchChecks = (r: RangeQuery, signal?: AbortSignal) =>
  getJson(checksResponseSchema, '/checks', range(r), signal);

export const fetchCheckViolations = (id: string, r: RangeQuery, limit: number, signal?: AbortSignal) =>
  getJson(
    checkViolationsSchema,
    `/checks/${encodeURIComponent(id)}/violations`,
    { ...range(r), limit },
    signal,
  );

export interface TraceSearch extends RangeQuery {
  step?: string;
  status?: string;
  minMs?: number;
  key?: string;
}

export const fetchTraces = (search: TraceSearch, signal?: AbortSignal) => {
  const query: Record<string, QueryValue> = {
    ...range(search),
    step: search.step,
    status: search.status,
    minMs: search.minMs,
    key: search.key,
  };
  return getJson(tracesResponseSchema, '/traces', query, signal);
};

/** Every SLO of the link over its window ending at `atMs`. */
export const fetchSlos = (atMs: number, signal?: AbortSignal) =>
  getJson(slosResponseSchema, '/slos', { at: Math.round(atMs) }, signal);

/** One SLO's budget remaining at each bucket boundary of the range. */
export const fetchSloSeries = (step: string, r: RangeQuery, bucket: string, signal?: AbortSignal) =>
  getJson(sloSeriesSchema, `/slos/${encodeURIComponent(step)}/series`, { ...range(r), bucket }, signal);

export const fetchAlertRules = (signal?: AbortSignal) =>
  getJson(alertRulesResponseSchema, '/alert-rules', {}, signal);
export const fetchAlerts = (r: RangeQuery, signal?: AbortSignal) =>
  getJson(alertsResponseSchema, '/alerts', range(r), signal);

const jsonInit = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

export async function createAlertRule(rule: AlertRuleInput) {
  return validate(
    alertRuleSchema,
    await requestJson(apiUrl('/alert-rules'), jsonInit('POST', rule)),
    'alert rule',
  );
}

export async function deleteAlertRule(id: string): Promise<void> {
  await requestJson(apiUrl(`/alert-rules/${encodeURIComponent(id)}`), jsonInit('DELETE'));
}

/** Sends a test notification to the rule's receivers at once; the answer says how each went. */
export async function testAlertRule(id: string) {
  const body = await requestJson(apiUrl(`/alert-rules/${encodeURIComponent(id)}/test`), jsonInit('POST', {}));
  return validate(testResultSchema, body, 'test delivery');
}
