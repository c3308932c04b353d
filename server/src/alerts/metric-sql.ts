import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { QUANTILES } from '../analysis/quantiles.ts';
import { andSql, dimensionValueSql, filtersSql } from '../analytics/filters-sql.ts';
import { linkSpansSource, type RangeNs } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import { LEVELS } from '../analytics/quantiles-sql.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { goodSql } from '../slo/slo-sql.ts';
import { stepSlos } from '../slo/slo-steps.ts';
import type { JourneyPlan, SpanPlan } from './metric-plan.ts';
import type { SampleRequest } from './metric-source.ts';

/**
 * SQL for alert metrics over the link spans (the analytics' classification, its one error and
 * timeout definition, its nearest-rank quantiles), so an alert and the page it links to agree.
 * Names of aliases and literals come from code (indexes), values are bound parameters.
 */

/** Journeys counted per dimension values and masks (decimal strings: they exceed 2^53). */
export interface JourneyRow {
  dims: string[];
  entered: number | string;
  succeeded: number | string;
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
 * One pass over the journey model (server/src/journeys/) for every conversion rule: the journeys
 * that started in the widest window, grouped by the rules' dimensions and by two masks: bit w of
 * `entered` when the journey started in window w and entered the link's first step, bit `s·W + w`
 * of `succeeded` when it started in window w and succeeded at the plan's step s. The funnel reads
 * the very same journeys (metric-source.int.test.ts holds the two to one another).
 */
export function journeyMetricsSql(
  link: LinkDefinition,
  journeys: SqlFragment,
  plan: JourneyPlan,
  atMs: number,
): SqlFragment {
  const W = plan.windowsMs.length;
  const windowMask = join(
    plan.windowsMs.map(
      (windowMs, w) =>
        sql`if(StartNs >= ${i64(nsOf(atMs - windowMs))}, toUInt64(${int(2 ** w)}), toUInt64(0))`,
    ),
    ' + ',
  );
  const stepBits = join(
    plan.steps.map((step, s) => {
      const k = link.steps.findIndex((candidate) => candidate.id === step);
      return sql`if(bitTest(Succeeded, ${int(k)}), bitShiftLeft(mask, ${int(s * W)}), toUInt64(0))`;
    }),
    ' + ',
  );
  const dims = plan.dims.map((key) => {
    const position = link.dimensions.indexOf(key);
    return position < 0 ? sql`''` : sql`Dims[${int(position + 1)}]`;
  });
  return sql`
    SELECT [${join(dims, ', ')}] AS dims, if(bitTest(Entered, 0), mask, toUInt64(0)) AS entered,
      ${stepBits} AS succeeded, count() AS n
    FROM (SELECT *, ${windowMask} AS mask FROM ${journeys})
    GROUP BY dims, entered, succeeded`;
}

/** Index of a latency metric in the quantiles arrays. */
export function quantileIndex(metric: string): number {
  return QUANTILES.findIndex((q) => q.name === metric);
}

/** How a sample's spans are ranked: the slowest (or fastest) first, else the latest. */
export function sampleOrder(request: SampleRequest): {
  column: 'Duration' | 'Timestamp';
  descending: boolean;
} {
  if (quantileIndex(request.metric) < 0) return { column: 'Timestamp', descending: true };
  return { column: 'Duration', descending: request.op === '>' || request.op === '>=' };
}

/** What a sample branch reads (a query holds dozens of branches: each planned with these only). */
const SAMPLE_COLUMNS = ['TraceId', 'Duration', 'Timestamp'] as const;

/** Spans ranked per request before distinct traces are kept: enough for `limit` traces in practice. */
const SPANS_PER_SAMPLE = 10;

/**
 * A few traces that show each breach, for many requests in one query (one UNION ALL branch each):
 * the top spans of the step in the window by the request's order (the slowest above a latency
 * threshold, timeouts, failures, else the latest), then their distinct traces. A top-N read, no
 * GROUP BY of every trace in the window. Rows: `r` (request index), TraceId, `orderKey` (the
 * rank value as a decimal string, so the caller can restore each request's order; named apart
 * from `o`, which the branch's ORDER BY must read as a number).
 */
export function sampleTracesSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  requests: readonly SampleRequest[],
  atMs: number,
  limit: number,
): SqlFragment {
  const branches = requests.map((request, index) => {
    const range: RangeNs = { fromNs: nsOf(atMs - request.windowMs), toNs: nsOf(atMs) };
    const order = sampleOrder(request);
    const key = order.column === 'Duration' ? sql`Duration` : sql`toUnixTimestamp64Nano(Timestamp)`;
    const direction = order.descending ? sql`DESC` : sql`ASC`;
    return sql`SELECT * FROM (
      SELECT ${int(index)} AS r, TraceId, toString(o) AS orderKey FROM (
        SELECT TraceId, ${key} AS o FROM ${linkSpansSource(link, coverage, range, sampleConditionsSql(link, request), SAMPLE_COLUMNS)}
        ORDER BY o ${direction} LIMIT ${int(limit * SPANS_PER_SAMPLE)}
      )
      ORDER BY o ${direction}, TraceId LIMIT 1 BY TraceId LIMIT ${int(limit)})`;
  });
  return join(branches, '\n    UNION ALL\n    ');
}

/** The spans that show a request's breach: its step and dimensions, and what its metric counts. */
function sampleConditionsSql(link: LinkDefinition, request: SampleRequest): SqlFragment | undefined {
  const dimensions = exactFilters({ ...request.filters, ...request.dimensions });
  const conditions: (SqlFragment | undefined)[] = [sql`Step = ${request.step}`, filtersSql(dimensions)];
  const above = request.op === '>' || request.op === '>=';
  if (quantileIndex(request.metric) >= 0) {
    const thresholdNs = BigInt(Math.max(0, Math.round(request.threshold * 1e6)));
    if (above) conditions.push(sql`Duration > ${typed('UInt64', thresholdNs.toString())}`);
  } else if (request.metric === 'timeout_rate') {
    if (above) conditions.push(sql`Timeout = 1`);
  } else if (request.metric === 'error_rate') {
    if (above) conditions.push(sql`Error = 1`);
  } else if (request.metric === 'conversion') {
    conditions.push(sql`(Error = 1 OR Timeout = 1)`);
  } else if (request.metric === 'burnRate') {
    // The spans that spend the SLO's budget.
    conditions.push(sql`NOT ${goodSql(stepSlos(link))}`);
  }
  return andSql(conditions);
}

/**
 * The same samples for short windows (the recent pass), in one scan instead of a branch each: per
 * request, the first `limit · SPANS_PER_SAMPLE` of its spans by (rank, TraceId), rank ascending
 * (negated for a descending order). One row; column `s{i}` holds request i's [rank, TraceId]
 * pairs in order. Branches cost a plan each, which dominates when each reads a few minutes.
 */
export function recentSamplesSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  requests: readonly SampleRequest[],
  atMs: number,
  limit: number,
): SqlFragment {
  const widest = Math.max(...requests.map((request) => request.windowMs));
  const range: RangeNs = { fromNs: nsOf(atMs - widest), toNs: nsOf(atMs) };
  const steps = [...new Set(requests.map((request) => request.step))];
  const columns = requests.map((request, index) => {
    const order = sampleOrder(request);
    const rank =
      order.column === 'Duration'
        ? order.descending
          ? sql`-toInt64(Duration)`
          : sql`toInt64(Duration)`
        : sql`-toInt64(toUnixTimestamp64Nano(Timestamp))`;
    const condition =
      andSql([sql`Timestamp >= ${since(atMs, request.windowMs)}`, sampleConditionsSql(link, request)]) ??
      sql`1`;
    return sql`groupArraySortedIf(${int(limit * SPANS_PER_SAMPLE)})((${rank}, TraceId), ${condition}) AS ${name('s', index)}`;
  });
  return sql`SELECT ${join(columns, ', ')} FROM ${linkSpansSource(link, coverage, range, sql`Step IN ${steps}`)}`;
}
