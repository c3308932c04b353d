import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { QUANTILES } from '../analysis/quantiles.ts';
import { andSql, dimensionValueSql, filtersSql } from '../analytics/filters-sql.ts';
import { journeysSql } from '../analytics/journeys-sql.ts';
import { linkSpansSource, type RangeNs } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import { quantilesSql } from '../analytics/quantiles-sql.ts';
import type { LinkDefinition } from '../link/definition.ts';
import type { MetricBatch } from './metric-batches.ts';
import type { SampleRequest } from './metric-source.ts';

/**
 * SQL for alert metrics, built only from the analytics pieces (link spans, the one error/timeout
 * definition, nearest-rank quantiles, the funnel's journeys) so an alert and the page it links to
 * never disagree.
 */

export interface SpanMetricsRow {
  Step: string;
  keys: string[];
  [aggregate: string]: unknown;
}

export interface JourneyMetricsRow {
  w: number;
  keys: string[];
  started: number;
  succeeded: number[];
}

const nsOf = (ms: number) => BigInt(ms) * 1_000_000n;
const i64 = (value: bigint) => typed('Int64', value.toString());
const alias = (name: string, index: number) => UNSAFE_raw(`${name}${index}`);

function exactFilters(filters: Readonly<Record<string, string>>) {
  return Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, [value]]));
}

function keysSql(groupBy: readonly string[]): SqlFragment {
  return groupBy.length === 0
    ? sql`emptyArrayString()`
    : sql`[${join(groupBy.map(dimensionValueSql), ', ')}]`;
}

/** Counts, errors, timeouts and quantiles per step and group, one set of columns per window. */
export function spanMetricsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  batch: MetricBatch,
  atMs: number,
): SqlFragment {
  const widest = Math.max(...batch.windows.map((window) => window.windowMs));
  const range: RangeNs = { fromNs: nsOf(atMs - widest), toNs: nsOf(atMs) };
  const where = andSql([sql`Step IN ${batch.steps}`, filtersSql(exactFilters(batch.filters))]);
  const columns = batch.windows.flatMap((window, i) => {
    const inWindow = sql`Timestamp >= fromUnixTimestamp64Nano(${i64(nsOf(atMs - window.windowMs))})`;
    const parts = [sql`countIf(${inWindow}) AS ${alias('c', i)}`];
    if (window.errors) parts.push(sql`countIf(${inWindow} AND Error = 1) AS ${alias('e', i)}`);
    if (window.timeouts) parts.push(sql`countIf(${inWindow} AND Timeout = 1) AS ${alias('t', i)}`);
    if (window.quantiles) parts.push(sql`${quantilesSql(sql`Duration`, inWindow)} AS ${alias('q', i)}`);
    return parts;
  });
  return sql`SELECT Step, ${keysSql(batch.groupBy)} AS keys, ${join(columns, ', ')}
    FROM ${linkSpansSource(link, coverage, range, where)}
    GROUP BY Step, keys`;
}

/** Per window and group: journeys that entered the first step, and per step those that succeeded there. */
export function journeyMetricsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  batch: MetricBatch,
  atMs: number,
): SqlFragment {
  const dimensions = [...new Set([...batch.groupBy, ...Object.keys(batch.filters)])];
  const keys =
    batch.groupBy.length === 0
      ? sql`emptyArrayString()`
      : sql`[${join(
          batch.groupBy.map((d) => sql`jDims[${UNSAFE_raw(String(dimensions.indexOf(d) + 1))}]`),
          ', ',
        )}]`;
  const succeeded = join(
    link.steps.map((_, k) => sql`countIf(bitTest(jSucceeded, ${UNSAFE_raw(String(k))}))`),
    ', ',
  );
  const perWindow = batch.windows.map((window, i) => {
    const range: RangeNs = { fromNs: nsOf(atMs - window.windowMs), toNs: nsOf(atMs) };
    const journeys = journeysSql(
      link,
      linkSpansSource(link, coverage, range),
      dimensions,
      exactFilters(batch.filters),
    );
    return sql`SELECT ${UNSAFE_raw(String(i))} AS w, ${keys} AS keys,
      countIf(bitTest(jEntered, 0)) AS started, [${succeeded}] AS succeeded
      FROM ${journeys} GROUP BY keys`;
  });
  return join(perWindow, ' UNION ALL ');
}

/** Index of a latency metric in the quantiles arrays. */
export function quantileIndex(metric: string): number {
  return QUANTILES.findIndex((q) => q.name === metric);
}

/** A few traces that show the breach: the slowest (or fastest) spans, timeouts, failures, the latest. */
export function sampleTracesSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  request: SampleRequest,
  atMs: number,
  limit: number,
): SqlFragment {
  const range: RangeNs = { fromNs: nsOf(atMs - request.windowMs), toNs: nsOf(atMs) };
  const dimensions = exactFilters({ ...request.filters, ...request.dimensions });
  const conditions: (SqlFragment | undefined)[] = [sql`Step = ${request.step}`, filtersSql(dimensions)];
  let order = sql`max(Timestamp) DESC`;
  const above = request.op === '>' || request.op === '>=';
  if (quantileIndex(request.metric) >= 0) {
    const thresholdNs = BigInt(Math.max(0, Math.round(request.threshold * 1e6)));
    if (above) conditions.push(sql`Duration > ${typed('UInt64', thresholdNs.toString())}`);
    order = above ? sql`max(Duration) DESC` : sql`min(Duration) ASC`;
  } else if (request.metric === 'timeout_rate') {
    if (above) conditions.push(sql`Timeout = 1`);
  } else if (request.metric === 'error_rate') {
    if (above) conditions.push(sql`Error = 1`);
  } else if (request.metric === 'conversion') {
    conditions.push(sql`(Error = 1 OR Timeout = 1)`);
  }
  return sql`SELECT TraceId FROM ${linkSpansSource(link, coverage, range, andSql(conditions))}
    GROUP BY TraceId ORDER BY ${order}, TraceId LIMIT ${typed('UInt32', limit)}`;
}
