import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import type { LinkDefinition } from '../link/definition.ts';
import { dimensionValueSql } from './filters-sql.ts';
import type { DimensionFilters } from './params.ts';

/** Optional journey columns; jEntered, jSucceeded, jFirstOkEnd and jDims are always there. */
export type JourneyColumn = 'firstStart' | 'messages' | 'traceIds' | 'last' | 'extent';

export interface JourneyOptions {
  columns?: readonly JourneyColumn[];
  /**
   * Group by a 64-bit hash of the journey id (faster; `journey` is then that hash: of the key, or
   * the TraceHash of a key-less trace).
   */
  hashed?: boolean;
}

const ALL_COLUMNS: readonly JourneyColumn[] = ['firstStart', 'messages', 'traceIds', 'last', 'extent'];

/**
 * Link spans → journeys in one GROUP BY. A span belongs to the journey of its own journey key;
 * a span without one to its trace's (any key found on the trace's spans, as in
 * paylens_trace_summary); a trace without any key is a journey of its own, named by its TraceId.
 * This is the journey index's rule (a key → every trace with a span carrying it). Only traces
 * that have key-less spans are looked up, so well-propagated keys cost nothing extra.
 *
 * Each journey row has, per step k (0-based, link order):
 *   - bit k of `jEntered` / `jSucceeded`: it has a span of step k / one that is neither error nor timeout
 *   - jFirstStart[k+1]: start of its first span of step k (ns)
 *   - jFirstOkEnd[k+1]: earliest end of a successful span of step k (ns)
 *   - jMsgs: (step, message) of each failing span
 *   - jStart, jEnd: first start and last end over its link spans (ns)
 *   - lastStep, lastSpanAtNs: the step of its last-ending span, and that end (ns)
 *   - traceIds: its traces
 *   - jDims[i]: the i-th requested dimension: the value on its earliest span having one
 * Columns: journey, jEntered, jSucceeded, jFirstOkEnd, jDims, and as asked: jFirstStart
 * ('firstStart'), jMsgs ('messages'), traceIds, lastStep and lastSpanAtNs ('last'), jStart and jEnd
 * ('extent'). Names differ from the span columns: ClickHouse resolves an alias before a column.
 */
export function journeysSql(
  link: LinkDefinition,
  source: SqlFragment,
  dimensions: readonly string[],
  filters: DimensionFilters,
  options: readonly JourneyColumn[] | JourneyOptions = ALL_COLUMNS,
): SqlFragment {
  const { columns = ALL_COLUMNS, hashed = false } = Array.isArray(options)
    ? { columns: options as readonly JourneyColumn[] }
    : (options as JourneyOptions);
  const ids = link.steps.map((step) => step.id);
  const k = (n: number) => UNSAFE_raw(String(n));
  const none = UNSAFE_raw(String(2n ** 63n - 1n));
  const steps = UNSAFE_raw(`range(1, ${ids.length + 1})`);
  const perStep = (f: (s: number) => SqlFragment) =>
    sql`[${join(
      ids.map((_, s) => f(s)),
      ', ',
    )}]`;
  const want = (column: JourneyColumn) => columns.includes(column);
  const items: SqlFragment[] = [
    sql`${perStep((s) => sql`minIf(endNs, idx = ${k(s)} AND ok)`)} AS firstOkEndRaw,
      arrayMap(i -> if(bitTest(jSucceeded, i - 1), firstOkEndRaw[i], ${none}), ${steps}) AS jFirstOkEnd`,
    dimensions.length > 0
      ? sql`[${join(
          dimensions.map(
            (d) => sql`argMinIf(${dimensionValueSql(d)}, startNs, ${dimensionValueSql(d)} != '')`,
          ),
          ', ',
        )}] AS jDims`
      : sql`emptyArrayString() AS jDims`,
  ];
  if (want('firstStart')) {
    items.push(sql`${perStep((s) => sql`minIf(startNs, idx = ${k(s)})`)} AS firstStartRaw,
      arrayMap(i -> if(bitTest(jEntered, i - 1), firstStartRaw[i], ${none}), ${steps}) AS jFirstStart`);
  }
  if (want('messages')) items.push(sql`groupArrayIf((idx, Message), Message != '') AS jMsgs`);
  if (want('traceIds')) items.push(sql`groupUniqArray(TraceId) AS traceIds`);
  if (want('extent')) items.push(sql`min(startNs) AS jStart, max(endNs) AS jEnd`);
  if (want('last')) items.push(sql`argMax(Step, endNs) AS lastStep, max(endNs) AS lastSpanAtNs`);
  const journeyFilters = Object.entries(filters).map(
    ([dimension, values]) => sql`jDims[${k(dimensions.indexOf(dimension) + 1)}] IN ${values}`,
  );
  // Keys of the traces that have key-less spans (only those are looked up).
  const keyless = sql`(
    SELECT TraceHash, max(SpanKey) AS traceKey FROM ${source}
    WHERE TraceHash IN (SELECT TraceHash FROM ${source} WHERE SpanKey = '')
    GROUP BY TraceHash)`;
  // Hashed, the journey of a key-less trace is its TraceHash: TraceId strings are never read.
  const ownJourney = hashed ? sql`cityHash64(SpanKey)` : sql`SpanKey`;
  const traceJourney = hashed
    ? sql`if(traceKey != '', cityHash64(traceKey), s.TraceHash)`
    : sql`if(traceKey != '', traceKey, s.TraceId)`;
  const spanColumns = sql`${want('traceIds') ? sql`TraceId, ` : sql``}Step, Message, Dims, Channel, Timestamp, Duration, Error, Timeout`;
  // Only key-less spans are joined to their trace's key; spans carrying a key are not joined at all.
  return sql`(
    SELECT journeyId AS journey,
      groupBitOr(bit) AS jEntered, groupBitOrIf(bit, ok) AS jSucceeded,
      ${join(items, ',\n      ')}
    FROM (
      SELECT *, toUInt8(indexOf(${ids}, Step) - 1) AS idx,
        bitShiftLeft(toUInt64(1), idx) AS bit,
        toInt64(toUnixTimestamp64Nano(Timestamp)) AS startNs,
        startNs + toInt64(Duration) AS endNs,
        NOT (Error OR Timeout) AS ok
      FROM (
        SELECT ${spanColumns}, ${ownJourney} AS journeyId FROM ${source} WHERE SpanKey != ''
        UNION ALL
        SELECT ${want('traceIds') ? sql`s.TraceId AS TraceId, ` : sql``}Step, Message, Dims, Channel, Timestamp, Duration, Error, Timeout,
          ${traceJourney} AS journeyId
        FROM (SELECT * FROM ${source} WHERE SpanKey = '') AS s
        LEFT JOIN ${keyless} AS t ON s.TraceHash = t.TraceHash
      )
    )
    GROUP BY journey${journeyFilters.length > 0 ? sql` HAVING ${join(journeyFilters, ' AND ')}` : sql``}
  )`;
}
