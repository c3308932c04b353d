import { sql, typed } from '@paylens/store';
import type { Quantiles } from '../analysis/quantiles.ts';
import { bucketStarts, fillBuckets } from '../analysis/series-buckets.ts';
import type { TimeRange } from '../http/time-params.ts';
import type { AnalyticsContext } from './context.ts';
import { andSql, filtersSql } from './filters-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';
import { quantilesFromNs, quantilesSql } from './quantiles-sql.ts';
import { histogramQuantilesSql, planRollup, rollupFiltersSql, rollupRowsSql } from './rollup-sql.ts';

export interface SeriesPoint extends Quantiles {
  /** Bucket start, epoch milliseconds (a multiple of bucketMs). */
  t: number;
  count: number;
  errors: number;
  timeouts: number;
}

export interface SeriesQuery {
  step: string;
  range: TimeRange;
  bucketMs: number;
  filters?: DimensionFilters;
}

export interface SeriesResult {
  step: string;
  bucketMs: number;
  points: SeriesPoint[];
}

/** One step's quantiles, counts, errors and timeouts per time bucket (every bucket, empty ones too). */
export async function stepSeries(ctx: AnalyticsContext, query: SeriesQuery): Promise<SeriesResult> {
  const filters = query.filters ?? {};
  const coverage = await ctx.coverage();
  const bucket = typed('Int64', query.bucketMs);
  const plan =
    query.bucketMs % 60_000 === 0 ? planRollup(query.range, coverage, Object.keys(filters)) : undefined;
  const rows = await ctx.driver.query<{
    t: number;
    count: number;
    errors: number;
    timeouts: number;
    q: number[];
  }>(
    plan
      ? sql`
    SELECT t, count, errors, timeouts, ${histogramQuantilesSql(sql`hist`, sql`count`, sql`max`)} AS q
    FROM (
      SELECT intDiv(toUnixTimestamp(Minute) * 1000, ${bucket}) * ${bucket} AS t,
        sum(Count) AS count, sum(Errors) AS errors, sum(Timeouts) AS timeouts, max(MaxDuration) AS max,
        sumMap([Bucket], [Count]) AS hist
      FROM ${rollupRowsSql(ctx.link, coverage, plan, andSql([sql`Step = ${query.step}`, rollupFiltersSql(filters)]))}
      GROUP BY t
    )
    ORDER BY t`
      : sql`
    SELECT intDiv(toUnixTimestamp64Milli(Timestamp), ${bucket}) * ${bucket} AS t,
      count() AS count, sum(Error) AS errors, sum(Timeout) AS timeouts, ${quantilesSql(sql`Duration`)} AS q
    FROM ${linkSpansSource(ctx.link, coverage, rangeFromMs(query.range), andSql([sql`Step = ${query.step}`, filtersSql(filters)]))}
    GROUP BY t
    ORDER BY t`,
  );
  const observed = rows.map((row) => ({
    t: Number(row.t),
    count: Number(row.count),
    errors: Number(row.errors),
    timeouts: Number(row.timeouts),
    ...quantilesFromNs(row.q, Number(row.count)),
  }));
  const starts = bucketStarts(query.range.from, query.range.to, query.bucketMs);
  const points = fillBuckets(observed, starts, (t) => ({
    t,
    count: 0,
    errors: 0,
    timeouts: 0,
    ...quantilesFromNs(undefined, 0),
  }));
  return { step: query.step, bucketMs: query.bucketMs, points };
}
