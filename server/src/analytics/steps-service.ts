import { join, type SqlFragment, sql } from '@paylens/store';
import type { Quantiles } from '../analysis/quantiles.ts';
import { suggestedTimeoutMs } from '../analysis/suggested-budget.ts';
import type { TimeRange } from '../http/time-params.ts';
import { stepTitle } from '../link/definition.ts';
import type { AnalyticsContext } from './context.ts';
import { dimensionValueSql, filtersSql } from './filters-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';
import { nsToMs, quantilesFromNs, quantilesSql } from './quantiles-sql.ts';
import {
  histogramQuantilesSql,
  planRollup,
  rollupColumnSql,
  rollupFiltersSql,
  rollupRowsSql,
} from './rollup-sql.ts';

export interface LatencyStats extends Quantiles {
  count: number;
  errors: number;
  timeouts: number;
  max: number | null;
}

export interface StepGroupStats extends LatencyStats {
  key: Record<string, string>;
}

export interface StepStats extends LatencyStats {
  step: string;
  title: string;
  timeoutMs: number | null;
  suggestedTimeoutMs: number | null;
  groups: StepGroupStats[];
}

export interface StepsQuery {
  range: TimeRange;
  filters?: DimensionFilters;
  groupBy?: readonly string[];
}

export interface StepsResult {
  from: number;
  to: number;
  steps: StepStats[];
}

interface Row {
  Step: string;
  keys: string[];
  grouped: number;
  count: number;
  errors: number;
  timeouts: number;
  q: number[];
  max: number;
}

/** Per-step latency, errors and timeouts over a range, with per-dimension-value groups. */
export async function stepStats(ctx: AnalyticsContext, query: StepsQuery): Promise<StepsResult> {
  const groupBy = query.groupBy ?? [];
  const filters = query.filters ?? {};
  const coverage = await ctx.coverage();
  const plan = planRollup(query.range, coverage, [...groupBy, ...Object.keys(filters)]);
  const rows = await ctx.driver.query<Row>(
    plan
      ? stepsFromRollupSql(rollupRowsSql(ctx.link, coverage, plan, rollupFiltersSql(filters)), groupBy)
      : stepsSql(linkSpansSource(ctx.link, coverage, rangeFromMs(query.range), filtersSql(filters)), groupBy),
  );
  const totals = new Map(rows.filter((row) => !row.grouped).map((row) => [row.Step, row]));
  const steps = ctx.link.steps.map((step): StepStats => {
    const stats = latencyStats(totals.get(step.id));
    return {
      step: step.id,
      title: stepTitle(step),
      ...stats,
      timeoutMs: step.timeoutMs ?? null,
      suggestedTimeoutMs: suggestedTimeoutMs(stats.p999),
      groups: rows
        .filter((row) => row.grouped && row.Step === step.id)
        .map((row) => ({
          key: Object.fromEntries(groupBy.map((d, i) => [d, row.keys[i] ?? ''])),
          ...latencyStats(row),
        }))
        .sort((a, b) => b.count - a.count || compareKeys(a.key, b.key)),
    };
  });
  return { from: query.range.from, to: query.range.to, steps };
}

/** The same columns as stepsSql, from histogram rows (quantiles within 1%). */
export function stepsFromRollupSql(rollupRows: SqlFragment, groupBy: readonly string[]): SqlFragment {
  const keys = groupBy.length > 0 ? sql`[${join(groupBy.map(rollupColumnSql), ', ')}]` : sql`[]`;
  const grouping = groupBy.length > 0 ? sql`GROUPING SETS ((Step), (Step, keys))` : sql`Step, keys`;
  return sql`
    SELECT Step, keys, grouped, count, errors, timeouts,
      ${histogramQuantilesSql(sql`hist`, sql`count`, sql`max`)} AS q, max
    FROM (
      SELECT Step, ${keys} AS keys, ${groupBy.length > 0 ? sql`grouping(keys) = 0` : sql`0`} AS grouped,
        sum(Count) AS count, sum(Errors) AS errors, sum(Timeouts) AS timeouts, max(MaxDuration) AS max,
        sumMap([Bucket], [Count]) AS hist
      FROM ${rollupRows}
      GROUP BY ${grouping}
    )`;
}

/** Totals per step and, when grouping, per (step, dimension values), in one scan. */
export function stepsSql(source: SqlFragment, groupBy: readonly string[]): SqlFragment {
  const keys = groupBy.length > 0 ? sql`[${join(groupBy.map(dimensionValueSql), ', ')}]` : sql`[]`;
  const grouping = groupBy.length > 0 ? sql`GROUPING SETS ((Step), (Step, keys))` : sql`Step, keys`;
  return sql`
    SELECT Step, ${keys} AS keys, ${groupBy.length > 0 ? sql`grouping(keys) = 0` : sql`0`} AS grouped,
      count() AS count, sum(Error) AS errors, sum(Timeout) AS timeouts,
      ${quantilesSql(sql`Duration`)} AS q, max(Duration) AS max
    FROM ${source}
    GROUP BY ${grouping}`;
}

export function latencyStats(
  row: Pick<Row, 'count' | 'errors' | 'timeouts' | 'q' | 'max'> | undefined,
): LatencyStats {
  const count = Number(row?.count ?? 0);
  return {
    count,
    errors: Number(row?.errors ?? 0),
    timeouts: Number(row?.timeouts ?? 0),
    ...quantilesFromNs(row?.q, count),
    max: count > 0 && row ? nsToMs(row.max) : null,
  };
}

function compareKeys(a: Record<string, string>, b: Record<string, string>): number {
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
