import { type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { QUANTILES } from '../analysis/quantiles.ts';
import type { TimeRange } from '../http/time-params.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { andSql } from './filters-sql.ts';
import { linkSpansSource, type RangeNs } from './link-spans-source.ts';
import { CHANNEL_ATTRIBUTE } from './link-spans-sql.ts';
import type { LinkSpansCoverage } from './link-spans-view.ts';
import type { DimensionFilters } from './params.ts';

/**
 * The per-minute histogram rollup (store/src/schema/0011_paylens_step_minutes.sql). Ranges of at
 * least ROLLUP_MIN_RANGE_MS read whole minutes from it and their partial minutes at each end from
 * the link spans, bucketed the same way: counts, errors, timeouts and max stay exact, quantiles are
 * the value of the bucket holding the nearest-rank value (within 1%). Shorter ranges are exact.
 */
export const ROLLUP_MIN_RANGE_MS = 3 * 3_600_000;

/** The schema file's bucket expression: a duration rounds to the nearest power of 1.02 (in ns). */
const BUCKET = UNSAFE_raw('toUInt16(round(log(greatest(Duration, 1)) / log(1.02)))');
const BUCKET_VALUE = (bucket: SqlFragment) => sql`toUInt64(round(pow(1.02, ${bucket})))`;

/** Link dimensions the rollup keeps, and its column for each. */
const ROLLUP_COLUMNS: Readonly<Record<string, string>> = {
  'service.name': 'ServiceName',
  [CHANNEL_ATTRIBUTE]: 'Channel',
};

export function rollupColumnSql(dimension: string): SqlFragment {
  const column = ROLLUP_COLUMNS[dimension];
  if (!column) throw new Error(`the rollup has no column for ${dimension}`);
  return sql`${UNSAFE_raw(column)}`;
}

export interface RollupPlan {
  /** Whole minutes read from the rollup, [fromSec, toSec). */
  fromSec: number;
  toSec: number;
  /** The rest of the range, read from the link spans. */
  edges: RangeNs[];
}

const MINUTE_MS = 60_000;

/**
 * Whether (and how) to answer from the rollup: a long enough range, the table complete over at
 * least an hour of it, and only dimensions the rollup keeps.
 */
export function planRollup(
  range: TimeRange,
  coverage: LinkSpansCoverage | undefined,
  dimensions: readonly string[],
): RollupPlan | undefined {
  if (coverage?.rollupFromNs === undefined || range.to - range.from < ROLLUP_MIN_RANGE_MS) return undefined;
  if (dimensions.some((d) => !ROLLUP_COLUMNS[d])) return undefined;
  const coveredFromMs = Number((coverage.rollupFromNs + 999_999n) / 1_000_000n);
  const fromMs = Math.ceil(Math.max(range.from, coveredFromMs) / MINUTE_MS) * MINUTE_MS;
  const toMs = Math.floor(range.to / MINUTE_MS) * MINUTE_MS;
  if (toMs - fromMs < 60 * MINUTE_MS) return undefined;
  const ns = (ms: number) => BigInt(ms) * 1_000_000n;
  return {
    fromSec: fromMs / 1000,
    toSec: toMs / 1000,
    edges: [
      { fromNs: ns(range.from), toNs: ns(fromMs) },
      { fromNs: ns(toMs), toNs: ns(range.to) },
    ],
  };
}

/** Filters on rollup columns (valid on link spans too: same column names, same values). */
export function rollupFiltersSql(filters: DimensionFilters): SqlFragment | undefined {
  return andSql(
    Object.entries(filters).map(([dimension, values]) => sql`${rollupColumnSql(dimension)} IN ${values}`),
  );
}

/**
 * Histogram rows over the plan: the rollup's minutes, plus each link span of the edges as a row
 * of its own. Columns: Minute, Step, ServiceName, Peer, Channel, Bucket, Count, Errors, Timeouts,
 * MaxDuration.
 */
export function rollupRowsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  plan: RollupPlan,
  where?: SqlFragment,
): SqlFragment {
  return sql`(
    SELECT Minute, Step, ServiceName, Peer, Channel, Bucket, CAST(Count AS UInt64) AS Count,
      CAST(Errors AS UInt64) AS Errors, CAST(Timeouts AS UInt64) AS Timeouts,
      CAST(MaxDuration AS UInt64) AS MaxDuration
    FROM paylens_step_minutes
    WHERE Link = ${coverage?.version ?? ''} AND Minute >= toDateTime(${typed('Int64', plan.fromSec)}) AND Minute < toDateTime(${typed('Int64', plan.toSec)})${where ? sql` AND ${where}` : sql``}
    UNION ALL
    SELECT toStartOfMinute(Timestamp) AS Minute, Step, ServiceName, Peer, Channel, ${BUCKET} AS Bucket,
      toUInt64(1) AS Count, toUInt64(Error) AS Errors, toUInt64(Timeout) AS Timeouts, Duration AS MaxDuration
    FROM ${linkSpansSource(link, coverage, plan.edges, where)}
  )`;
}

/**
 * QUANTILES from a histogram `hist` = sumMap([Bucket], [Count]) (buckets ascending) of `n`
 * durations: per level, the value of the bucket where the cumulative count reaches rank ⌈q·n⌉,
 * capped at the exact maximum. Nanoseconds, like quantilesSql.
 */
export function histogramQuantilesSql(hist: SqlFragment, n: SqlFragment, max: SqlFragment): SqlFragment {
  const perMille = UNSAFE_raw(`[${QUANTILES.map((q) => Math.round(q.level * 1000)).join(', ')}]`);
  return sql`arrayMap(r -> least(${BUCKET_VALUE(sql`(${hist}).1[arrayFirstIndex(c -> c >= r, arrayCumSum((${hist}).2))]`)}, ${max}),
    arrayMap(l -> greatest(toUInt64(1), intDiv(l * ${n} + 999, 1000)), ${perMille}))`;
}
