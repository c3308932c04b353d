import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { QUANTILES } from '../analysis/quantiles.ts';
import { andSql, dimensionValueSql, filtersSql } from '../analytics/filters-sql.ts';
import { linkSpansSource, type RangeNs } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import { LEVELS } from '../analytics/quantiles-sql.ts';
import type { LinkDefinition } from '../link/definition.ts';
import type { JourneyMinutesPlan } from './journey-minutes-plan.ts';
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

/** The per-minute journeys to read instead of spans over the plan's whole minutes. */
export interface JourneyMinutesSource {
  plan: JourneyMinutesPlan;
  /** The link version the minutes were built with (their step bits and dimension order). */
  version: string;
}

/**
 * One journey pass for every conversion rule, with the funnel's journeys (analytics/journeys-sql.ts):
 * a span belongs to the journey of its own key; a key-less span to its trace's key (only traces
 * with key-less spans are looked up), else to its trace alone; a journey entered a step with a span
 * of it and succeeded there with one that is neither error nor timeout; its dimension values are
 * those of its earliest span having one. Computed once over the widest window: bit `s·W + w` of
 * `entered`/`succeeded` is step s in window w. metric-source.int.test.ts holds it to the funnel's answers.
 *
 * With `minutes`, whole minutes come from paylens_journey_minutes (a row per minute and journey
 * instead of one per span) and only the plan's partial minutes from the link spans. A span's bits
 * are its window mask times its step's power of two; a minute row's, its steps' powers of two times
 * the mask of the windows holding the whole minute.
 */
export function journeyMetricsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  plan: JourneyPlan,
  atMs: number,
  minutes: JourneyMinutesSource | undefined,
  traceKeys: readonly TraceKey[],
): SqlFragment {
  const W = plan.windowsMs.length;
  const spanRanges = spanRangesOf(plan, atMs, minutes);
  const factor = (p: number) => UNSAFE_raw(`toUInt64(${1n << BigInt(p * W)})`);
  const spanMask = join(
    plan.windowsMs.map((windowMs, w) => sql`(t >= ${i64(nsOf(atMs - windowMs))}) * ${int(2 ** w)}`),
    ' + ',
  );
  const dimNames = plan.dims.map((_, i) => ({ value: name('dv', i), at: name('dt', i) }));
  const carried = dimNames.flatMap(({ value, at }) => [sql`${value}`, sql`${at}`]);

  // Link spans in the span ranges, with their bits and dimension values; conditions go into the
  // source, where the engine reads them first (PREWHERE).
  const spans = (identity: SqlFragment, where: SqlFragment) => sql`SELECT ${join(
    [
      identity,
      sql`${stepPowersSql(plan.steps, W)} * toUInt64(${spanMask}) AS bits`,
      sql`bits * NOT (Error OR Timeout) AS okBits`,
      ...plan.dims.map(
        (key, i) => sql`${dimensionValueSql(key)} AS ${dimNames[i]!.value}, t AS ${dimNames[i]!.at}`,
      ),
    ],
    ', ',
  )}
    FROM (SELECT *, toUnixTimestamp64Nano(Timestamp) AS t FROM ${linkSpansSource(link, coverage, spanRanges, where)})`;

  const minuteRows = (identity: SqlFragment, keyless: 0 | 1) => {
    if (!minutes) return undefined;
    const linkIndex = (step: string) => link.steps.findIndex((candidate) => candidate.id === step);
    const stepBits = (column: string) =>
      join(
        plan.steps.map(
          (step, p) => sql`bitTest(${UNSAFE_raw(column)}, ${int(linkIndex(step))}) * ${factor(p)}`,
        ),
        ' + ',
      );
    const minuteMask = join(
      plan.windowsMs.map(
        (windowMs, w) =>
          sql`(toUInt32(Minute) >= ${int(Math.ceil((atMs - windowMs) / 1000))}) * ${int(2 ** w)}`,
      ),
      ' + ',
    );
    const dimColumns = plan.dims.map((key, i) => {
      const index = int(link.dimensions.indexOf(key) + 1);
      return sql`DimValues[${index}] AS ${dimNames[i]!.value}, DimTimes[${index}] AS ${dimNames[i]!.at}`;
    });
    return sql`SELECT ${join(
      [
        identity,
        sql`(${stepBits('Entered')}) * toUInt64(${minuteMask}) AS bits`,
        sql`(${stepBits('Succeeded')}) * toUInt64(${minuteMask}) AS okBits`,
        ...dimColumns,
      ],
      ', ',
    )}
      FROM paylens_journey_minutes WHERE ${minuteRowsWhere(minutes, keyless)}`;
  };
  const union = (parts: (SqlFragment | undefined)[]) =>
    join(
      parts.filter((part): part is SqlFragment => part !== undefined),
      '\n        UNION ALL\n        ',
    );

  const keyed = union([
    spans(sql`cityHash64(SpanKey) AS journeyId`, sql`SpanKey != ''`),
    minuteRows(sql`JourneyHash AS journeyId`, 0),
  ]);
  // Key-less rows carry their trace; the trace's key (any of its spans', looked up beforehand by
  // keylessTraceKeysSql) names their journey, else the trace alone is one.
  const keyless = union([
    spans(sql`TraceHash AS traceHash`, sql`SpanKey = ''`),
    minuteRows(sql`JourneyHash AS traceHash`, 1),
  ]);
  const keyOf =
    traceKeys.length > 0
      ? sql`transform(traceHash, arrayMap(x -> toUInt64(x), ${typed(
          'Array(String)',
          traceKeys.map((row) => row.trace),
        )}), ${typed(
          'Array(String)',
          traceKeys.map((row) => row.traceKey),
        )}, '')`
      : sql`''`;
  const dims =
    plan.dims.length > 0
      ? sql`[${join(
          dimNames.map(({ value, at }) => sql`argMinIf(${value}, ${at}, ${value} != '')`),
          ', ',
        )}]`
      : sql`emptyArrayString()`;
  return sql`SELECT dims, toString(entered) AS entered, toString(succeeded) AS succeeded, count() AS n
    FROM (
      SELECT journeyId, groupBitOr(bits) AS entered, groupBitOr(okBits) AS succeeded, ${dims} AS dims
      FROM (
        ${keyed}
        UNION ALL
        SELECT ${join([sql`if(traceKey != '', cityHash64(traceKey), traceHash) AS journeyId`, sql`bits`, sql`okBits`, ...carried], ', ')}
        FROM (SELECT *, ${keyOf} AS traceKey FROM (${keyless}))
      )
      GROUP BY journeyId
    )
    GROUP BY dims, entered, succeeded`;
}

/** A trace (its TraceHash, as a decimal string) and the journey key one of its spans carries. */
export interface TraceKey {
  trace: string;
  traceKey: string;
}

/**
 * The keys of the traces whose key-less spans a journey pass reads (in its span ranges or its
 * minutes), for those of them with a keyed span in the window: asked before the pass, whose
 * key-less rows they name (an answer of a few rows, so the pass needs no join).
 */
export function keylessTraceKeysSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  plan: JourneyPlan,
  atMs: number,
  minutes?: JourneyMinutesSource,
): SqlFragment {
  const spanRanges = spanRangesOf(plan, atMs, minutes);
  const traces = [
    sql`SELECT TraceHash FROM ${linkSpansSource(link, coverage, spanRanges, sql`SpanKey = ''`, ['TraceHash'])}`,
  ];
  if (minutes)
    traces.push(sql`SELECT JourneyHash FROM paylens_journey_minutes WHERE ${minuteRowsWhere(minutes, 1)}`);
  const keyless = sql`(${join(traces, ' UNION ALL ')})`;
  // Keyed spans of those traces: span by span outside the whole minutes, else the minutes' rows
  // (each keyed journey's key and traces there), which cover the same spans.
  const keyed = [
    // The set once, outside the ranges' union (inside, each range would build it again).
    sql`SELECT TraceHash, SpanKey FROM ${linkSpansSource(link, coverage, spanRanges, sql`SpanKey != ''`, [
      'TraceHash',
      'SpanKey',
    ])} WHERE TraceHash IN ${keyless}`,
  ];
  if (minutes)
    keyed.push(sql`SELECT trace AS TraceHash, JourneyKey AS SpanKey
      FROM paylens_journey_minutes ARRAY JOIN Traces AS trace
      WHERE ${minuteRowsWhere(minutes, 0)} AND trace IN ${keyless}`);
  return sql`SELECT toString(TraceHash) AS trace, max(SpanKey) AS traceKey
    FROM (${join(keyed, ' UNION ALL ')})
    GROUP BY TraceHash`;
}

/** What a journey pass reads span by span: the minutes plan's ranges, else its whole widest window. */
function spanRangesOf(plan: JourneyPlan, atMs: number, minutes: JourneyMinutesSource | undefined): RangeNs[] {
  if (minutes) return minutes.plan.spans;
  return [{ fromNs: nsOf(atMs - Math.max(...plan.windowsMs)), toNs: nsOf(atMs) }];
}

/**
 * A span's step as a power of two: 2^(i·spacing) for the i-th of `steps`, 0 for other steps.
 * `transform` maps the LowCardinality dictionary once per block (`indexOf` would run per row).
 * Literals from code: steps × spacing ≤ 64.
 */
export function stepPowersSql(steps: readonly string[], spacing: number): SqlFragment {
  const powers = UNSAFE_raw(`[${steps.map((_, i) => `toUInt64(${1n << BigInt(i * spacing)})`).join(', ')}]`);
  return sql`transform(Step, ${[...steps]}, ${powers}, toUInt64(0))`;
}

/** The minutes table rows a pass reads: its link version, key-less or not, its whole minutes. */
function minuteRowsWhere(minutes: JourneyMinutesSource, keyless: 0 | 1): SqlFragment {
  return sql`LinkVersion = ${minutes.version} AND Keyless = ${int(keyless)}
        AND Minute >= toDateTime(${typed('Int64', minutes.plan.fromSec)})
        AND Minute < toDateTime(${typed('Int64', minutes.plan.toSec)})`;
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
        SELECT TraceId, ${key} AS o FROM ${linkSpansSource(link, coverage, range, sampleConditionsSql(request), SAMPLE_COLUMNS)}
        ORDER BY o ${direction} LIMIT ${int(limit * SPANS_PER_SAMPLE)}
      )
      ORDER BY o ${direction}, TraceId LIMIT 1 BY TraceId LIMIT ${int(limit)})`;
  });
  return join(branches, '\n    UNION ALL\n    ');
}

/** The spans that show a request's breach: its step and dimensions, and what its metric counts. */
function sampleConditionsSql(request: SampleRequest): SqlFragment | undefined {
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
      andSql([sql`Timestamp >= ${since(atMs, request.windowMs)}`, sampleConditionsSql(request)]) ?? sql`1`;
    return sql`groupArraySortedIf(${int(limit * SPANS_PER_SAMPLE)})((${rank}, TraceId), ${condition}) AS ${name('s', index)}`;
  });
  return sql`SELECT ${join(columns, ', ')} FROM ${linkSpansSource(link, coverage, range, sql`Step IN ${steps}`)}`;
}
