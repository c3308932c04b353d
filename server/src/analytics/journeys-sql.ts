import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import type { LinkDefinition } from '../link/definition.ts';
import { dimensionValueSql } from './filters-sql.ts';
import type { DimensionFilters } from './params.ts';

/**
 * Link spans → journeys, in two GROUP BYs. Spans are first grouped by trace (a trace's journey key
 * is any key found on its spans, as in paylens_trace_summary), then traces by journey: the key, or
 * the TraceId for a trace without one. Each journey row has, per step k (0-based, link order):
 *   - bit k of `jEntered` / `jSucceeded`: it has a span of step k / one that is neither error nor timeout
 *   - jFirstStart[k+1]: start of its first span of step k (ns)
 *   - jFirstOkEnd[k+1]: earliest end of a successful span of step k (ns)
 *   - jMsgs: (step, message) of each failing span
 *   - jStart, jEnd: first start and last end over its link spans (ns)
 *   - lastStep, lastSpanAtNs: the step of its last-ending span, and that end (ns)
 *   - jDims[i]: the i-th requested dimension, from its earliest trace having one (that trace's
 *     earliest span having one)
 *   - traceIds: its traces
 * Columns: journey, jEntered, jSucceeded, jFirstOkEnd, jDims, and as asked: jFirstStart
 * ('firstStart'), jMsgs ('messages'), traceIds, lastStep and lastSpanAtNs ('last'), jStart and jEnd
 * ('extent'). Distinct names at each level: ClickHouse resolves an alias before a column.
 */
/** Optional journey columns; masks, jFirstOkEnd and jDims are always there. */
export type JourneyColumn = 'firstStart' | 'messages' | 'traceIds' | 'last' | 'extent';

export function journeysSql(
  link: LinkDefinition,
  source: SqlFragment,
  dimensions: readonly string[],
  filters: DimensionFilters,
  columns: readonly JourneyColumn[] = ['firstStart', 'messages', 'traceIds', 'last', 'extent'],
): SqlFragment {
  const ids = link.steps.map((step) => step.id);
  const k = (n: number) => UNSAFE_raw(String(n));
  const none = UNSAFE_raw(String(2n ** 63n - 1n));
  const allSteps = k(ids.length + 1);
  const perStep = (f: (s: number) => SqlFragment) =>
    sql`[${join(
      ids.map((_, s) => f(s)),
      ', ',
    )}]`;
  const list = (items: SqlFragment[]) =>
    items.length > 0 ? sql`[${join(items, ', ')}]` : sql`emptyArrayString()`;
  const want = (column: JourneyColumn) => columns.includes(column);
  // [trace level, journey level] pairs of select items.
  const parts: [SqlFragment | undefined, SqlFragment][] = [
    [
      sql`${perStep((s) => sql`minIf(endNs, idx = ${k(s)} AND ok)`)} AS firstOkEndRaw,
        arrayMap(i -> if(bitTest(tSucceeded, i - 1), firstOkEndRaw[i], ${none}), range(1, ${allSteps})) AS tFirstOkEnd`,
      sql`minForEach(tFirstOkEnd) AS jFirstOkEnd`,
    ],
    [
      sql`${list(dimensions.map((d) => sql`argMinIf(${dimensionValueSql(d)}, Timestamp, ${dimensionValueSql(d)} != '')`))} AS tDims`,
      sql`${list(dimensions.map((_, i) => sql`argMinIf(tDims[${k(i + 1)}], tStart, tDims[${k(i + 1)}] != '')`))} AS jDims`,
    ],
  ];
  if (want('firstStart')) {
    parts.push([
      sql`${perStep((s) => sql`minIf(startNs, idx = ${k(s)})`)} AS firstStartRaw,
        arrayMap(i -> if(bitTest(tEntered, i - 1), firstStartRaw[i], ${none}), range(1, ${allSteps})) AS tFirstStart`,
      sql`minForEach(tFirstStart) AS jFirstStart`,
    ]);
  }
  if (want('messages')) {
    parts.push([
      sql`groupArrayIf((idx, Message), Message != '') AS tMsgs`,
      sql`arrayFlatten(groupArray(tMsgs)) AS jMsgs`,
    ]);
  }
  if (want('traceIds')) parts.push([undefined, sql`groupArray(TraceId) AS traceIds`]);
  if (want('extent')) parts.push([sql`max(endNs) AS tEnd`, sql`min(tStart) AS jStart, max(tEnd) AS jEnd`]);
  if (want('last')) {
    parts.push([
      sql`argMax(Step, endNs) AS tLastStep, max(endNs) AS tLastEnd`,
      sql`argMax(tLastStep, tLastEnd) AS lastStep, max(tLastEnd) AS lastSpanAtNs`,
    ]);
  }
  const journeyFilters = Object.entries(filters).map(
    ([dimension, values]) => sql`jDims[${k(dimensions.indexOf(dimension) + 1)}] IN ${values}`,
  );
  return sql`(
    SELECT journey,
      groupBitOr(tEntered) AS jEntered, groupBitOr(tSucceeded) AS jSucceeded,
      ${join(
        parts.map(([, journey]) => journey),
        ',\n      ',
      )}
    FROM (
      SELECT TraceId, max(SpanKey) AS key, if(key != '', key, TraceId) AS journey,
        groupBitOr(bitShiftLeft(toUInt64(1), idx)) AS tEntered,
        groupBitOrIf(bitShiftLeft(toUInt64(1), idx), ok) AS tSucceeded,
        min(startNs) AS tStart,
        ${join(
          parts.flatMap(([trace]) => (trace ? [trace] : [])),
          ',\n        ',
        )}
      FROM (
        SELECT TraceId, SpanKey, Step, Message, Timestamp, Dims,
          toUInt8(indexOf(${ids}, Step) - 1) AS idx,
          toInt64(toUnixTimestamp64Nano(Timestamp)) AS startNs,
          startNs + toInt64(Duration) AS endNs,
          NOT (Error OR Timeout) AS ok
        FROM ${source}
      )
      GROUP BY TraceId
    )
    GROUP BY journey${journeyFilters.length > 0 ? sql` HAVING ${join(journeyFilters, ' AND ')}` : sql``}
  )`;
}
