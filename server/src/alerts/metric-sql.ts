import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { QUANTILES } from '../analysis/quantiles.ts';
import { andSql, dimensionValueSql, filtersSql } from '../analytics/filters-sql.ts';
import { linkSpansSource, type RangeNs } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import { LEVELS } from '../analytics/quantiles-sql.ts';
import type { LinkDefinition } from '../link/definition.ts';
import type { JourneyPlan, SpanPlan } from './metric-plan.ts';
import type { SampleRequest } from './metric-source.ts';

/**
 * SQL for alert metrics over the link spans (the analytics' classification, its one error and
 * timeout definition, its nearest-rank quantiles), so an alert and the page it links to agree.
 * Names of aliases and literals come from code (indexes), values are bound parameters.
 */

/** Journeys counted per (dimension values, masks); masks as decimal strings (they exceed 2^53). */
export interface JourneyRow {
  dims: string[];
  entered: string;
  succeeded: string;
  n: number | string;
}

export interface MetricRow {
  /** Per grouping set: 0 when the row belongs to it (ClickHouse `grouping()`). */
  g: number[];
  [column: string]: unknown;
}

const nsOf = (ms: number) => BigInt(ms) * 1_000_000n;
const i64 = (value: bigint) => typed('Int64', value.toString());
const name = (prefix: string, ...indexes: number[]) => UNSAFE_raw(`${prefix}${indexes.join('_')}`);
const int = (value: number) => UNSAFE_raw(String(value));

export const exactFilters = (filters: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, [value]]));

const since = (atMs: number, windowMs: number) => sql`fromUnixTimestamp64Nano(${i64(nsOf(atMs - windowMs))})`;

/** `[Dims['a'], …] AS k3`, the GROUPING SET columns and the `g` marker array. */
function groupingParts(groupings: readonly string[][], dimension: (key: string, set: number) => SqlFragment) {
  const keyed = groupings.map((keys, i) => ({ keys, i })).filter(({ keys }) => keys.length > 0);
  const columns = keyed.map(
    ({ keys, i }) =>
      sql`[${join(
        keys.map((key) => dimension(key, i)),
        ', ',
      )}] AS ${name('k', i)}`,
  );
  const marker =
    keyed.length > 0
      ? sql`[${join(
          keyed.map(({ i }) => sql`grouping(${name('k', i)})`),
          ', ',
        )}]`
      : sql`emptyArrayUInt8()`;
  const sets = groupings.map((keys, i) => (keys.length > 0 ? [name('k', i)] : []));
  return { columns, marker, sets };
}

function groupingSets(leading: SqlFragment[], sets: ReturnType<typeof UNSAFE_raw>[][]): SqlFragment {
  const rendered = sets.map(
    (set) => sql`(${join([...leading, ...set.map((column) => sql`${column}`)], ', ')})`,
  );
  return sql`GROUPING SETS (${join(rendered, ', ')})`;
}

/**
 * One scan for many rules: per (step, dimension values) and window, counts, errors, timeouts and
 * quantile states; then GROUPING SETS merge them into each rule's grouping. Columns per window w:
 * `c{w}`, `e{w}`, `t{w}`, `q{w}`; per keyed grouping set i: `k{i}` (its values) and a `g` marker.
 */
export function spanMetricsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  plan: SpanPlan,
  atMs: number,
) {
  const widest = Math.max(...plan.windows.map((window) => window.windowMs));
  const range: RangeNs = { fromNs: nsOf(atMs - widest), toNs: nsOf(atMs) };
  const dim = (key: string) => name('d', plan.dims.indexOf(key));
  const inner = plan.windows.flatMap((window, w) => {
    const inWindow = sql`Timestamp >= ${since(atMs, window.windowMs)}`;
    const parts = [sql`countIf(${inWindow}) AS ${name('c', w)}`];
    if (window.errors) parts.push(sql`countIf(${inWindow} AND Error = 1) AS ${name('e', w)}`);
    if (window.timeouts) parts.push(sql`countIf(${inWindow} AND Timeout = 1) AS ${name('t', w)}`);
    if (window.quantiles)
      parts.push(sql`quantilesExactIfState(${LEVELS})(Duration, ${inWindow}) AS ${name('q', w)}`);
    return parts;
  });
  const outer = plan.windows.flatMap((window, w) => {
    const parts = [sql`sum(${name('c', w)}) AS ${name('c', w)}`];
    if (window.errors) parts.push(sql`sum(${name('e', w)}) AS ${name('e', w)}`);
    if (window.timeouts) parts.push(sql`sum(${name('t', w)}) AS ${name('t', w)}`);
    if (window.quantiles)
      parts.push(sql`quantilesExactIfMerge(${LEVELS})(${name('q', w)}) AS ${name('q', w)}`);
    return parts;
  });
  const grouping = groupingParts(plan.groupings, (key) => sql`${dim(key)}`);
  const dimColumns = plan.dims.map((key, i) => sql`${dimensionValueSql(key)} AS ${name('d', i)}`);
  const innerKeys = [sql`Step`, ...plan.dims.map((key) => sql`${dim(key)}`)];
  return sql`SELECT ${join([sql`Step`, ...grouping.columns, sql`${grouping.marker} AS g`, ...outer], ', ')}
    FROM (
      SELECT ${join([sql`Step`, ...dimColumns, ...inner], ', ')}
      FROM ${linkSpansSource(link, coverage, range, sql`Step IN ${plan.steps}`)}
      GROUP BY ${join(innerKeys, ', ')}
    )
    GROUP BY ${groupingSets([sql`Step`], grouping.sets)}`;
}

/**
 * One journey pass for every conversion rule, with the funnel's journeys (DESIGN.md): a trace's
 * key is the key found on its spans, else it is its own journey; a journey entered a step with a
 * span of it, succeeded there with one that is neither error nor timeout; its dimension values are
 * the earliest non-empty ones. Bit `s·W + w` of `entered`/`succeeded` is step s in window w.
 * Journeys come back counted per (dimension values, entered, succeeded): rules filter and group
 * those few rows in code instead of hundreds of conditional aggregates here.
 */
export function journeyMetricsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  plan: JourneyPlan,
  atMs: number,
): SqlFragment {
  const W = plan.windowsMs.length;
  const widest = Math.max(...plan.windowsMs);
  const range: RangeNs = { fromNs: nsOf(atMs - widest), toNs: nsOf(atMs) };
  const windowMask = join(
    plan.windowsMs.map(
      (windowMs, w) => sql`bitShiftLeft(toUInt64(Timestamp >= ${since(atMs, windowMs)}), ${int(w)})`,
    ),
    ' + ',
  );
  const dims = plan.dims;
  const list = (value: (i: number) => SqlFragment) =>
    dims.length > 0
      ? sql`[${join(
          dims.map((_, i) => value(i)),
          ', ',
        )}]`
      : sql`emptyArrayString()`;
  // Dimension values cost two argMinIf passes: only computed when a rule filters or groups.
  const journeyDims =
    dims.length > 0
      ? sql`, ${list((i) => sql`argMinIf(trace_dims[${int(i + 1)}], start, trace_dims[${int(i + 1)}] != '')`)} AS dims`
      : sql`, emptyArrayString() AS dims`;
  const traceDims =
    dims.length > 0
      ? sql`, min(Timestamp) AS start, ${list((i) => sql`argMinIf(${name('v', i)}, Timestamp, ${name('v', i)} != '')`)} AS trace_dims`
      : sql``;
  const spanColumns = [
    sql`TraceId, SpanKey, Timestamp, toInt8(indexOf(${plan.steps}, Step) - 1) AS idx`,
    sql`NOT (Error OR Timeout) AS ok, ${windowMask} AS mask`,
    ...dims.map((key, i) => sql`${dimensionValueSql(key)} AS ${name('v', i)}`),
  ];
  return sql`SELECT dims, toString(entered) AS entered, toString(succeeded) AS succeeded, count() AS n
    FROM (
      SELECT journey, groupBitOr(trace_entered) AS entered, groupBitOr(trace_succeeded) AS succeeded${journeyDims}
      FROM (
        SELECT TraceId, max(SpanKey) AS key, if(key != '', key, TraceId) AS journey,
          groupBitOrIf(bitShiftLeft(mask, toUInt8(idx * ${int(W)})), idx >= 0) AS trace_entered,
          groupBitOrIf(bitShiftLeft(mask, toUInt8(idx * ${int(W)})), idx >= 0 AND ok) AS trace_succeeded${traceDims}
        FROM (SELECT ${join(spanColumns, ', ')} FROM ${linkSpansSource(link, coverage, range)})
        GROUP BY TraceId
      )
      GROUP BY journey
    )
    GROUP BY dims, entered, succeeded`;
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
