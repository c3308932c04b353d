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
 * Columns: journey, traceIds, jEntered, jSucceeded, jFirstStart, jFirstOkEnd, jMsgs, jStart, jEnd,
 * lastStep, lastSpanAtNs, jDims. (Distinct names: ClickHouse resolves an alias before a column.)
 */
export function journeysSql(
  link: LinkDefinition,
  source: SqlFragment,
  dimensions: readonly string[],
  filters: DimensionFilters,
): SqlFragment {
  const ids = link.steps.map((step) => step.id);
  const stepCount = ids.length;
  const none = UNSAFE_raw(String(2n ** 63n - 1n));
  const perStep = (f: (k: number) => SqlFragment) =>
    sql`[${join(
      ids.map((_, k) => f(k)),
      ', ',
    )}]`;
  const k = (n: number) => UNSAFE_raw(String(n));
  const traceDims = sql`[${join(
    dimensions.map((d) => sql`argMinIf(${dimensionValueSql(d)}, Timestamp, ${dimensionValueSql(d)} != '')`),
    ', ',
  )}]`;
  const journeyDims = sql`[${join(
    dimensions.map((_, i) => sql`argMinIf(tDims[${k(i + 1)}], tStart, tDims[${k(i + 1)}] != '')`),
    ', ',
  )}]`;
  const journeyFilters = Object.entries(filters).map(
    ([dimension, values]) => sql`jDims[${k(dimensions.indexOf(dimension) + 1)}] IN ${values}`,
  );
  return sql`(
    SELECT journey,
      groupArray(TraceId) AS traceIds,
      groupBitOr(tEntered) AS jEntered, groupBitOr(tSucceeded) AS jSucceeded,
      minForEach(tFirstStart) AS jFirstStart, minForEach(tFirstOkEnd) AS jFirstOkEnd,
      arrayFlatten(groupArray(tMsgs)) AS jMsgs,
      min(tStart) AS jStart, max(tEnd) AS jEnd,
      argMax(tLastStep, tLastEnd) AS lastStep, max(tLastEnd) AS lastSpanAtNs,
      ${dimensions.length > 0 ? journeyDims : sql`emptyArrayString()`} AS jDims
    FROM (
      SELECT TraceId, max(SpanKey) AS key, if(key != '', key, TraceId) AS journey,
        groupBitOr(bitShiftLeft(toUInt64(1), idx)) AS tEntered,
        groupBitOrIf(bitShiftLeft(toUInt64(1), idx), ok) AS tSucceeded,
        ${perStep((s) => sql`minIf(startNs, idx = ${k(s)})`)} AS firstStartRaw,
        arrayMap(i -> if(bitTest(tEntered, i - 1), firstStartRaw[i], ${none}), range(1, ${k(stepCount + 1)})) AS tFirstStart,
        ${perStep((s) => sql`minIf(endNs, idx = ${k(s)} AND ok)`)} AS firstOkEndRaw,
        arrayMap(i -> if(bitTest(tSucceeded, i - 1), firstOkEndRaw[i], ${none}), range(1, ${k(stepCount + 1)})) AS tFirstOkEnd,
        groupArrayIf((idx, Message), Message != '') AS tMsgs,
        min(startNs) AS tStart, max(endNs) AS tEnd, argMax(Step, endNs) AS tLastStep, tEnd AS tLastEnd,
        ${dimensions.length > 0 ? traceDims : sql`emptyArrayString()`} AS tDims
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
