import type { AnalyticsContext } from '../analytics/context.ts';
import { windowViolations } from '../checks/checks-service.ts';
import { funnelSteps, linkChecks } from '../link/definition.ts';
import { measureBurnRates } from '../slo/burn-rate-metrics.ts';
import { sloSources } from '../slo/slo-coverage.ts';
import type { JourneyPlan } from './metric-plan.ts';
import { planJourneyMetrics, planSpanMetrics } from './metric-plan.ts';
import type { MetricGroup, MetricRequest, MetricSource, SampleRequest } from './metric-source.ts';
import {
  type JourneyRow,
  journeyMetricsSql,
  type MetricRow,
  quantileIndex,
  recentSamplesSql,
  sampleOrder,
  sampleTracesSql,
  spanMetricsSql,
} from './metric-sql.ts';

/** Sample lookups per query (UNION ALL branches): bounds the statement's size. */
const SAMPLES_PER_QUERY = 64;

/** Sample traces are looked for in the last minutes of a rule's window first. */
export const RECENT_SAMPLE_MS = 5 * 60_000;

/** Order keys are decimal strings of 64-bit integers (nanoseconds): compared exactly. */
function compareOrder(a: string, b: string, descending: boolean): number {
  const difference = BigInt(a) - BigInt(b);
  const sign = difference === 0n ? 0 : difference > 0n ? 1 : -1;
  return descending ? -sign : sign;
}

/** The first `limit` distinct traces of ranked [rank, TraceId] pairs. */
function distinctTraces(ranked: readonly [unknown, string][], limit: number): string[] {
  return [...new Set(ranked.map(([, traceId]) => traceId))].slice(0, limit);
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A journey pass over the journeys that started in the plan's widest window before `atMs`. */
export async function queryJourneyRows(
  context: Pick<AnalyticsContext, 'driver' | 'link' | 'journeys'>,
  plan: JourneyPlan,
  atMs: number,
  options: { spanBySpan?: boolean } = {},
): Promise<JourneyRow[]> {
  const toNs = BigInt(atMs) * 1_000_000n;
  const fromNs = toNs - BigInt(Math.max(...plan.windowsMs)) * 1_000_000n;
  const journeys = await context.journeys.journeysIn({ fromNs, toNs }, options);
  return context.driver.query<JourneyRow>(journeyMetricsSql(context.link, journeys, plan, atMs));
}

/** Which grouping set a row of a GROUPING SETS query belongs to. */
function groupingOf(row: MetricRow, groupings: readonly string[][]): number {
  let marker = 0;
  for (const [i, keys] of groupings.entries()) {
    if (keys.length === 0) continue;
    if (Number(row.g[marker++]) === 0) return i;
  }
  return groupings.findIndex((keys) => keys.length === 0);
}

/** The row's value of each dimension of its grouping set. */
function valuesOf(row: MetricRow, grouping: readonly string[], index: number): Record<string, string> {
  const keys = (row[`k${index}`] as string[] | undefined) ?? [];
  return Object.fromEntries(grouping.map((dimension, i) => [dimension, keys[i] ?? '']));
}

/**
 * Alert metrics from ClickHouse: one scan of the link spans for every span metric of the tick,
 * one pass over the journey model for every conversion rule (metric-plan.ts), whatever the number
 * of rules.
 */
export function createClickHouseMetricSource(
  context: AnalyticsContext,
  options: { cluster?: string; ownsSloMinutes?: boolean } = {},
): MetricSource {
  const sampleSpanTraceIds = async (requests: readonly SampleRequest[], atMs: number, limit: number) => {
    if (requests.length === 0) return [];
    const coverage = await context.coverage();
    // Alerts of one rule (or of alike rules) often ask the very same question: asked once.
    const lookUp = async (
      requested: readonly SampleRequest[],
      find: (batch: readonly SampleRequest[]) => Promise<string[][]>,
    ) => {
      const keys = requested.map((request) => JSON.stringify(request));
      const distinct = [...new Map(keys.map((key, i) => [key, requested[i]!])).values()];
      const answers = new Map<string, string[]>();
      for (let first = 0; first < distinct.length; first += SAMPLES_PER_QUERY) {
        const batch = distinct.slice(first, first + SAMPLES_PER_QUERY);
        for (const [i, ids] of (await find(batch)).entries()) answers.set(JSON.stringify(batch[i]), ids);
      }
      return keys.map((key) => answers.get(key) ?? []);
    };
    // The window's latest minutes first, in one scan (a fraction of the spans to rank)...
    const recent = await lookUp(
      requests.map((request) => ({ ...request, windowMs: Math.min(request.windowMs, RECENT_SAMPLE_MS) })),
      async (batch) => {
        const [row] = await context.driver.query<Record<string, [unknown, string][]>>(
          recentSamplesSql(context.link, coverage, batch, atMs, limit),
        );
        return batch.map((_, i) => distinctTraces(row?.[`s${i}`] ?? [], limit));
      },
    );
    // ...then the whole window, a top-N branch each, for the requests short of `limit` there.
    const again = requests
      .map((request, index) => ({ request, index }))
      .filter(({ request, index }) => request.windowMs > RECENT_SAMPLE_MS && recent[index]!.length < limit);
    const whole = await lookUp(
      again.map(({ request }) => request),
      async (batch) => {
        const rows = await context.driver.query<{ r: number; TraceId: string; orderKey: string }>(
          sampleTracesSql(context.link, coverage, batch, atMs, limit),
        );
        return batch.map((request, index) => {
          const { descending } = sampleOrder(request);
          return rows
            .filter((row) => Number(row.r) === index)
            .sort(
              (a, b) => compareOrder(a.orderKey, b.orderKey, descending) || byteOrder(a.TraceId, b.TraceId),
            )
            .map((row) => row.TraceId);
        });
      },
    );
    again.forEach(({ index }, i) => {
      recent[index] = whole[i]!;
    });
    return recent;
  };
  return {
    async measure(requests, atMs) {
      const answers: MetricGroup[][] = requests.map(() => []);
      const coverage = await context.coverage();
      for (const plan of planSpanMetrics(requests)) {
        const rows = await context.driver.query<MetricRow>(
          spanMetricsSql(context.link, coverage, plan, atMs),
        );
        for (const row of rows) {
          const grouping = groupingOf(row, plan.groupings);
          const values = valuesOf(row, plan.groupings[grouping] ?? [], grouping);
          for (const member of plan.members) {
            const request = requests[member.request]!;
            if (member.grouping !== grouping || row.Step !== request.step) continue;
            // Filters are dimensions of the grouping: keep the groups holding their values.
            if (Object.entries(request.filters).some(([key, value]) => values[key] !== value)) continue;
            const count = Number(row[`c${member.window}`] ?? 0);
            if (count === 0) continue;
            const dimensions = Object.fromEntries(request.groupBy.map((key) => [key, values[key] ?? '']));
            answers[member.request]!.push({
              dimensions,
              count,
              value: spanValue(request, row, member.window, count),
            });
          }
        }
      }
      for (const plan of planJourneyMetrics(requests, funnelSteps(context.link)[0]!.id)) {
        const rows = await queryJourneyRows(context, plan, atMs);
        for (const member of plan.members)
          answers[member.request] = conversionGroups(requests[member.request]!, plan, member.window, rows);
      }
      const violations = violationsOf(context, atMs, 0);
      for (const [index, request] of requests.entries()) {
        if (request.metric !== 'violations') continue;
        const found = await violations(request);
        if (found) answers[index] = [{ dimensions: {}, count: found.journeys, value: found.violations }];
      }
      if (requests.some((request) => request.metric === 'burnRate')) {
        const sources = await sloSources(context, options.cluster, options.ownsSloMinutes ?? true);
        for (const [index, groups] of await measureBurnRates(context, sources, requests, atMs))
          answers[index] = groups;
      }
      return answers;
    },

    async sampleJourneys(requests, atMs, limit) {
      const violations = violationsOf(context, atMs, limit);
      const answers: string[][] = [];
      for (const request of requests)
        answers.push((await violations(request))?.samples.map((s) => s.key) ?? []);
      return answers;
    },

    async sampleTraceIds(all, atMs, limit) {
      // Violations' samples are the newest violating journeys' traces; the rest rank spans.
      const violations = violationsOf(context, atMs, limit);
      const answers: string[][] = [];
      for (const request of all)
        answers.push(
          [...new Set((await violations(request))?.samples.flatMap((s) => s.traceIds) ?? [])].slice(0, limit),
        );
      const others = all
        .map((request, index) => ({ request, index }))
        .filter(({ request }) => request.metric !== 'violations');
      const found = await sampleSpanTraceIds(
        others.map(({ request }) => request),
        atMs,
        limit,
      );
      others.forEach(({ index }, i) => {
        answers[index] = found[i] ?? [];
      });
      return answers;
    },
  };
}

/** A tick's `violations` requests answered once per (check, window). */
function violationsOf(context: AnalyticsContext, atMs: number, samples: number) {
  const cache = new Map<string, ReturnType<typeof windowViolations>>();
  return (request: MetricRequest) => {
    const check = linkChecks(context.link).find((candidate) => candidate.id === request.check);
    if (request.metric !== 'violations' || !check) return undefined;
    const key = `${check.id}\u0000${request.windowMs}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = windowViolations(context, check, {
        windowMs: request.windowMs,
        atMs,
        samples: Math.max(samples, 1),
      });
      cache.set(key, answer);
    }
    return answer;
  };
}

function spanValue(request: MetricRequest, row: MetricRow, window: number, count: number): number | null {
  switch (request.metric) {
    case 'count':
      return count;
    case 'error_rate':
      return Number(row[`e${window}`] ?? 0) / count;
    case 'timeout_rate':
      return Number(row[`t${window}`] ?? 0) / count;
    default: {
      const quantiles = row[`q${window}`] as (number | string)[] | undefined;
      const ns = quantiles?.[quantileIndex(request.metric)];
      return ns === undefined ? null : Number(ns) / 1e6;
    }
  }
}

/** Conversion per group: journeys that succeeded at the step ÷ journeys that entered the first step. */
function conversionGroups(
  request: MetricRequest,
  plan: JourneyPlan,
  window: number,
  rows: readonly JourneyRow[],
) {
  const W = BigInt(plan.windowsMs.length);
  const enteredBit = 1n << BigInt(window);
  const succeededBit = 1n << (BigInt(plan.steps.indexOf(request.step)) * W + BigInt(window));
  const groups = new Map<
    string,
    { dimensions: Record<string, string>; started: number; succeeded: number }
  >();
  for (const row of rows) {
    const value = (key: string) => row.dims[plan.dims.indexOf(key)] ?? '';
    if (Object.entries(request.filters).some(([key, wanted]) => value(key) !== wanted)) continue;
    const dimensions = Object.fromEntries(request.groupBy.map((key) => [key, value(key)]));
    const id = JSON.stringify(dimensions);
    const group = groups.get(id) ?? { dimensions, started: 0, succeeded: 0 };
    if (BigInt(row.entered) & enteredBit) group.started += Number(row.n);
    if (BigInt(row.succeeded) & succeededBit) group.succeeded += Number(row.n);
    groups.set(id, group);
  }
  return [...groups.values()]
    .filter((group) => group.started > 0)
    .map((group) => ({
      dimensions: group.dimensions,
      count: group.started,
      value: group.succeeded / group.started,
    }));
}
