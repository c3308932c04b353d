import { sql, typed } from '@paylens/store';
import type { Quantiles } from '../analysis/quantiles.ts';
import { bucketStarts, fillBuckets } from '../analysis/series-buckets.ts';
import type { TimeRange } from '../http/time-params.ts';
import type { AnalyticsContext } from './context.ts';
import { andSql, filtersSql } from './filters-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';
import { quantilesFromNs, quantilesSql } from './quantiles-sql.ts';

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
  const where = andSql([sql`Step = ${query.step}`, filtersSql(query.filters ?? {})]);
  const source = linkSpansSource(ctx.link, await ctx.coverage(), rangeFromMs(query.range), where);
  const bucket = typed('Int64', query.bucketMs);
  const rows = await ctx.driver.query<{
    t: number;
    count: number;
    errors: number;
    timeouts: number;
    q: number[];
  }>(sql`
    SELECT intDiv(toUnixTimestamp64Milli(Timestamp), ${bucket}) * ${bucket} AS t,
      count() AS count, sum(Error) AS errors, sum(Timeout) AS timeouts, ${quantilesSql(sql`Duration`)} AS q
    FROM ${source}
    GROUP BY t
    ORDER BY t`);
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
