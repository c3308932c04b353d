import { sql, typed } from '@paylens/store';
import { assembleDistribution, type Distribution } from '../analysis/distribution.ts';
import { bucketStarts } from '../analysis/series-buckets.ts';
import type { TimeRange } from '../http/time-params.ts';
import type { AnalyticsContext } from './context.ts';
import { andSql, filtersSql } from './filters-sql.ts';
import { latencyBucketSql } from './latency-bucket-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';

export interface DistributionQuery {
  step: string;
  range: TimeRange;
  /** Heatmap column width. */
  bucketMs: number;
  filters?: DimensionFilters;
}

export interface DistributionResult extends Distribution {
  step: string;
  from: number;
  to: number;
}

/**
 * A step's latency distribution: exact counts per log-spaced latency bucket, overall and per time
 * bucket. Reads the link spans (not the minute rollup: its 2 % buckets do not nest in these).
 */
export async function stepDistribution(
  ctx: AnalyticsContext,
  query: DistributionQuery,
): Promise<DistributionResult> {
  const coverage = await ctx.coverage();
  const bucket = typed('Int64', query.bucketMs);
  const where = andSql([sql`Step = ${query.step}`, filtersSql(query.filters ?? {})]);
  const cells = await ctx.driver.query<{ t: number; bucket: number; count: number }>(sql`
    SELECT intDiv(toUnixTimestamp64Milli(Timestamp), ${bucket}) * ${bucket} AS t,
      ${latencyBucketSql()} AS bucket, count() AS count
    FROM ${linkSpansSource(ctx.link, coverage, rangeFromMs(query.range), where, ['Timestamp', 'Duration'])}
    GROUP BY t, bucket`);
  const starts = bucketStarts(query.range.from, query.range.to, query.bucketMs);
  const distribution = assembleDistribution(
    cells.map((cell) => ({ t: Number(cell.t), bucket: Number(cell.bucket), count: Number(cell.count) })),
    starts,
    query.bucketMs,
  );
  return { step: query.step, from: query.range.from, to: query.range.to, ...distribution };
}
