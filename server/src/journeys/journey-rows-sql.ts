import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { dimensionValueSql } from '../analytics/filters-sql.ts';
import { checkStepIndexes, funnelPositions, type LinkDefinition } from '../link/definition.ts';
import { VALUE_TYPE } from './journey-values-sql.ts';

/** The step index of rows that are a trace's extent, not a step span. */
const TRACE_ROW = 255;
/** The step index of rows that carry a value or currency (journeyValuesSql), not a step span. */
const VALUE_ROW = 254;

/**
 * How a trace's spans find their journey: a mapping the caller resolved (arrays of TraceIds and
 * journeys, bound as parameters) or a subquery of traceJourneysSql joined by TraceId.
 */
export type TraceJourneyMap =
  | { kind: 'arrays'; traceIds: readonly string[]; journeys: readonly string[] }
  | { kind: 'join'; traceJourneys: SqlFragment };

function traceJourney(map: TraceJourneyMap, traceId: SqlFragment): SqlFragment {
  if (map.kind === 'join') return sql`if(tj.Journey != '', tj.Journey, ${traceId})`;
  return sql`transform(${traceId}, ${typed('Array(String)', map.traceIds)}, ${typed('Array(String)', map.journeys)}, ${traceId})`;
}

function joinMap(map: TraceJourneyMap, table: string): SqlFragment {
  return map.kind === 'join'
    ? sql` LEFT JOIN ${map.traceJourneys} AS tj ON tj.TraceId = ${UNSAFE_raw(table)}.TraceId`
    : sql``;
}

/** Each trace's whole time range: read from the trace summary, or given by the caller (who read it). */
export type TraceExtents =
  | { kind: 'summary'; traceIds: SqlFragment }
  | { kind: 'given'; extents: readonly { traceId: string; fromNs: bigint; toNs: bigint }[] };

function extentsSql(extents: TraceExtents): SqlFragment {
  if (extents.kind === 'summary') {
    return sql`SELECT TraceId, toInt64(toUnixTimestamp64Nano(min(Start))) AS startNs, toInt64(toUnixTimestamp64Nano(max(End))) AS endNs
      FROM paylens_trace_summary WHERE TraceId IN ${extents.traceIds} GROUP BY TraceId`;
  }
  const given = extents.extents;
  const column = (f: (e: (typeof given)[number]) => string) => typed('Array(String)', given.map(f));
  return sql`SELECT e.1 AS TraceId, toInt64(e.2) AS startNs, toInt64(e.3) AS endNs
    FROM (SELECT arrayJoin(arrayZip(${column((e) => e.traceId)}, ${column((e) => e.fromNs.toString())}, ${column((e) => e.toNs.toString())})) AS e)`;
}

/**
 * The spans of journeys: every link span, in the journey of its own key or else of its trace;
 * and every trace as one row spanning its whole extent (all its spans, step or not: the time a
 * user really waits), in its trace's journey.
 */
export function journeyInputSql(
  link: LinkDefinition,
  linkSpans: SqlFragment,
  map: TraceJourneyMap,
  extents: TraceExtents,
  /** Spans carrying the link's value or currency (journeyValuesSql), when the link has a value. */
  values?: SqlFragment,
): SqlFragment {
  const ids = link.steps.map((step) => step.id);
  const dims = link.dimensions.map((d) => dimensionValueSql(d));
  const noDims = link.dimensions.map(() => sql`''`);
  const noDimsArray = noDims.length > 0 ? sql`[${join(noDims, ', ')}]` : sql`emptyArrayString()`;
  const noValue = sql`CAST(NULL AS Nullable(${UNSAFE_raw(VALUE_TYPE)})) AS amount, '' AS currency`;
  const valueRows = values
    ? sql`
    UNION ALL
    SELECT ${traceJourney(map, sql`v.TraceId`)} AS journey, v.TraceId AS TraceId, toUInt8(${UNSAFE_raw(String(VALUE_ROW))}) AS idx,
      v.startNs AS startNs, v.startNs AS endNs, true AS ok, '' AS message, ${noDimsArray} AS dimValues,
      toUInt64(0) AS spanHash, v.amount AS amount, v.currency AS currency
    FROM ${values} AS v${joinMap(map, 'v')}`
    : sql``;
  return sql`(
    SELECT if(s.SpanKey != '', s.SpanKey, ${traceJourney(map, sql`s.TraceId`)}) AS journey, s.TraceId AS TraceId,
      toUInt8(indexOf(${ids}, s.Step) - 1) AS idx,
      toInt64(toUnixTimestamp64Nano(s.Timestamp)) AS startNs, startNs + toInt64(s.Duration) AS endNs,
      NOT (s.Error OR s.Timeout) AS ok, s.Message AS message,
      ${dims.length > 0 ? sql`[${join(dims, ', ')}]` : sql`emptyArrayString()`} AS dimValues, s.SpanHash AS spanHash, ${noValue}
    FROM (SELECT TraceId, SpanKey, Step, Timestamp, Duration, Error, Timeout, Message, Dims, Channel, SpanHash FROM ${linkSpans}) AS s${joinMap(map, 's')}
    UNION ALL
    SELECT ${traceJourney(map, sql`x.TraceId`)} AS journey, x.TraceId AS TraceId, toUInt8(${UNSAFE_raw(String(TRACE_ROW))}) AS idx,
      x.startNs AS startNs, x.endNs AS endNs, true AS ok, '' AS message,
      ${noDimsArray} AS dimValues, toUInt64(0) AS spanHash, ${noValue}
    FROM (${extentsSql(extents)}) AS x${joinMap(map, 'x')}${valueRows}
  )`;
}

/**
 * Journey rows from journeyInputSql: per journey and per step k (arrays in link order, 1-based in
 * SQL): bit k of Entered / Succeeded (a span of the step / one neither error nor timeout),
 * Attempts[k] (its spans), FirstStart[k] (start of its first span), FirstOkEnd[k] (end of its first
 * successful span), LastFailure[k] (message of its last failing span); Failures (step, message) of
 * every failing span; Dims (each link dimension's value on the earliest span having one);
 * StartNs/EndNs over all spans of all its traces; LastStep/LastSpanAt (its last-ending step span);
 * Traces; Value (the first numeric value of the link's value attribute on its spans, NULL when
 * none) and Currency (the first currency attribute value, else the link's fixed currency, else '');
 * CheckSpans, the spans of the steps the link's checks read as schema 0047 describes them (a span
 * stored twice counts once); Waiting, per funnel stage succeeded at whose next stage was not
 * entered, (its link index, FirstOkEnd). Unset entries are 0 or ''. Journeys without a step span
 * are left out.
 */
export function journeyRowsSql(link: LinkDefinition, input: SqlFragment): SqlFragment {
  const ids = link.steps.map((step) => step.id);
  const checked = checkStepIndexes(link);
  const steps = UNSAFE_raw(`range(${ids.length})`);
  const dims = UNSAFE_raw(`range(1, ${link.dimensions.length + 1})`);
  // One array of step spans per journey, sorted by start (x.1 step index, x.2 start, x.3 end,
  // x.4 ok, x.5 message, x.6 dimension values); every column is an array function over it: one
  // aggregate instead of one per step and column.
  return sql`(
    SELECT journey AS Journey, cityHash64(journey) AS JourneyHash, StartNs, EndNs,
      arrayReduce('groupBitOr', arrayMap(x -> bitShiftLeft(toUInt64(1), x.1), s)) AS Entered,
      arrayReduce('groupBitOr', arrayMap(x -> if(x.4, bitShiftLeft(toUInt64(1), x.1), toUInt64(0)), s)) AS Succeeded,
      arrayMap(k -> toUInt32(arrayCount(x -> x.1 = k, s)), ${steps}) AS Attempts,
      arrayMap(k -> arrayFirst(x -> x.1 = k, s).2, ${steps}) AS FirstStart,
      arrayMap(k -> arrayFirst(x -> x.1 = k AND x.4, s).3, ${steps}) AS FirstOkEnd,
      arrayMap(k -> arrayLast(x -> x.1 = k AND NOT x.4, s).5, ${steps}) AS LastFailure,
      arrayMap(x -> (x.1, x.5), arrayFilter(x -> NOT x.4, s)) AS Failures,
      arrayMap(i -> arrayFirst(x -> x.6[i] != '', s).6[i], ${dims}) AS Dims,
      ${ids}[arraySort(x -> x.3, s)[-1].1 + 1] AS LastStep,
      arrayMax(x -> x.3, s) AS LastSpanAt,
      Traces, Value, if(firstCurrency != '', firstCurrency, ${link.value?.currency ?? ''}) AS Currency,
      arrayMap(x -> (x.1, x.2, x.3, x.4, x.5, toUInt16(indexOf(Traces, x.6))), arraySort(x -> (x.2, x.5), checkSpans)) AS CheckSpans,
      ${waitingSql(funnelPositions(link))} AS Waiting
    FROM (
      SELECT journey, min(startNs) AS StartNs, max(endNs) AS EndNs, groupUniqArray(TraceId) AS Traces,
        arraySort(x -> x.2, groupArrayIf((idx, startNs, endNs, ok, message, dimValues), idx < ${UNSAFE_raw(String(VALUE_ROW))})) AS s,
        groupUniqArrayIf((idx, startNs, endNs, ok, spanHash, TraceId), has(${typed('Array(UInt8)', checked)}, idx)) AS checkSpans,
        argMinIf(amount, startNs, idx = ${UNSAFE_raw(String(VALUE_ROW))} AND amount IS NOT NULL) AS Value,
        argMinIf(currency, startNs, idx = ${UNSAFE_raw(String(VALUE_ROW))} AND currency != '') AS firstCurrency
      FROM ${input}
      GROUP BY journey
      HAVING length(s) > 0
    )
  )`;
}

/** Waiting over the funnel's stages (link indexes in funnel order), from Entered/Succeeded/FirstOkEnd. */
function waitingSql(positions: readonly number[]): SqlFragment {
  const pairs = positions.slice(0, -1).map((p, i) => `(${p}, ${positions[i + 1]})`);
  if (pairs.length === 0) return sql`CAST([] AS Array(Tuple(UInt8, Int64)))`;
  // Link indexes: numbers from the definition, never user text.
  return sql`arrayMap(w -> (toUInt8(w.1), FirstOkEnd[w.1 + 1]),
        arrayFilter(w -> bitTest(Succeeded, w.1) AND NOT bitTest(Entered, w.2), [${UNSAFE_raw(pairs.join(', '))}]))`;
}
