import type { AnalyticsContext } from '../analytics/context.ts';
import { batchRequests, type MetricBatch } from './metric-batches.ts';
import type { MetricGroup, MetricRequest, MetricSource } from './metric-source.ts';
import {
  type JourneyMetricsRow,
  journeyMetricsSql,
  quantileIndex,
  type SpanMetricsRow,
  sampleTracesSql,
  spanMetricsSql,
} from './metric-sql.ts';

const zipDimensions = (groupBy: readonly string[], keys: readonly string[]) =>
  Object.fromEntries(groupBy.map((dimension, i) => [dimension, keys[i] ?? '']));

/** Alert metrics from ClickHouse: one query per batch of rules (metric-batches.ts), run one after another. */
export function createClickHouseMetricSource(context: AnalyticsContext): MetricSource {
  return {
    async measure(requests, atMs) {
      const answers: MetricGroup[][] = requests.map(() => []);
      const coverage = await context.coverage();
      for (const batch of batchRequests(requests)) {
        if (batch.kind === 'spans') {
          const rows = await context.driver.query<SpanMetricsRow>(
            spanMetricsSql(context.link, coverage, batch, atMs),
          );
          for (const member of batch.members)
            answers[member.request] = spanGroups(requests[member.request]!, batch, member.window, rows);
        } else {
          const rows = await context.driver.query<JourneyMetricsRow>(
            journeyMetricsSql(context.link, coverage, batch, atMs),
          );
          const stepIndex = (step: string) =>
            context.link.steps.findIndex((candidate) => candidate.id === step);
          for (const member of batch.members) {
            const request = requests[member.request]!;
            answers[member.request] = rows
              .filter((row) => Number(row.w) === member.window && Number(row.started) > 0)
              .map((row) => ({
                dimensions: zipDimensions(batch.groupBy, row.keys),
                count: Number(row.started),
                value: Number(row.succeeded[stepIndex(request.step)] ?? 0) / Number(row.started),
              }));
          }
        }
      }
      return answers;
    },

    async sampleTraceIds(request, atMs, limit) {
      const rows = await context.driver.query<{ TraceId: string }>(
        sampleTracesSql(context.link, await context.coverage(), request, atMs, limit),
      );
      return rows.map((row) => row.TraceId);
    },
  };
}

function spanGroups(
  request: MetricRequest,
  batch: MetricBatch,
  window: number,
  rows: readonly SpanMetricsRow[],
) {
  const groups: MetricGroup[] = [];
  for (const row of rows) {
    if (row.Step !== request.step) continue;
    const count = Number(row[`c${window}`] ?? 0);
    if (count === 0) continue;
    groups.push({
      dimensions: zipDimensions(batch.groupBy, row.keys),
      count,
      value: metricValue(request, row, window, count),
    });
  }
  return groups;
}

function metricValue(
  request: MetricRequest,
  row: SpanMetricsRow,
  window: number,
  count: number,
): number | null {
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
