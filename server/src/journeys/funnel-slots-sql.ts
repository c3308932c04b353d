import { type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';

/** The funnel rollup's time grain: journeys are counted by the ten minutes they started in. */
export const SLOT_SECONDS = 600;

/** The measures of paylens_funnel_slots (schema 0028): what each (Measure, Step, Key) row counts. */
export type FunnelMeasure =
  | 'journeys'
  | 'entered'
  | 'succeeded'
  | 'dropped'
  | 'attempts'
  | 'retried'
  | 'overlapped'
  | 'gaps'
  | 'gap'
  | 'completed'
  | 'latency'
  | 'failAttempts'
  | 'failJourneys';

/** The marker row of a slot's computation: the slot's rows are those sharing its Computed. */
export const COMPUTED_MEASURE = 'computed';

/**
 * A duration in ns as a histogram key: '-' for 0 (a wait floored at 0), else the 2% bucket b with
 * 1.02^b nearest to it, as paylens_step_minutes buckets span durations (analysis/bucket-quantiles.ts
 * reads them back).
 */
function bucketKeySql(ns: SqlFragment): SqlFragment {
  return sql`if(${ns} <= 0, '-', toString(toUInt16(round(log(${ns}) / log(1.02)))))`;
}

/**
 * Per journey row (journeyRowsSql's columns), the funnel's additive parts as an array of
 * (Measure, Step, Key, Count) tuples, so that any set of journeys — one slot's, the partial slots
 * at a range's ends — sums to the same counts and histograms as funnelSql's over those journeys.
 */
export function funnelTuplesSql(stepCount: number): SqlFragment {
  const n = UNSAFE_raw(String(stepCount));
  const last = UNSAFE_raw(String(stepCount - 1));
  const t = (measure: FunnelMeasure, step: SqlFragment, key: SqlFragment, count: SqlFragment) =>
    sql`(${UNSAFE_raw(`'${measure}'`)}, toUInt8(${step}), ${key}, toUInt64(${count}))`;
  const entered = sql`bitTest(Entered, k)`;
  const succeededBefore = sql`(k > 0 AND bitTest(Succeeded, greatest(k, 1) - 1))`;
  const waits = sql`(${succeededBefore} AND ${entered})`;
  const rawWait = sql`(FirstStart[k + 1] - FirstOkEnd[greatest(k, 1)])`;
  return sql`arrayFilter(x -> x.4 > 0, arrayConcat(
    [${t('journeys', sql`0`, sql`''`, sql`1`)}],
    arrayFlatten(arrayMap(k -> [
      ${t('entered', sql`k`, sql`''`, entered)},
      ${t('succeeded', sql`k`, sql`''`, sql`bitTest(Succeeded, k)`)},
      ${t('dropped', sql`k`, sql`''`, sql`${succeededBefore} AND NOT ${entered}`)},
      ${t('attempts', sql`k`, sql`''`, sql`Attempts[k + 1]`)},
      ${t('retried', sql`k`, sql`''`, sql`Attempts[k + 1] > 1`)},
      ${t('gaps', sql`k`, sql`''`, waits)},
      ${t('overlapped', sql`k`, sql`''`, sql`${waits} AND ${rawWait} < 0`)},
      ${t('gap', sql`k`, bucketKeySql(sql`greatest(${rawWait}, 0)`), waits)}
    ], range(${n}))),
    [${t('completed', sql`0`, sql`''`, sql`bitTest(Succeeded, ${last})`)},
     ${t('latency', sql`0`, bucketKeySql(sql`(EndNs - StartNs)`), sql`bitTest(Succeeded, ${last})`)}],
    arrayMap(f -> ${t('failAttempts', sql`f.1`, sql`f.2`, sql`1`)}, Failures),
    arrayMap(k -> ${t('failJourneys', sql`k`, sql`LastFailure[k + 1]`, sql`1`)},
      arrayFilter(k -> bitTest(Entered, k) AND NOT bitTest(Succeeded, k), range(${n})))
  ))`;
}

/**
 * Recomputes the given slots (epoch seconds) from the stored journeys that started in them: one
 * statement, so every row of a slot's computation, its marker included, shares one Computed.
 */
export function recomputeSlotsSql(
  version: string,
  stepCount: number,
  slots: readonly number[],
  storedJourneys: SqlFragment,
): SqlFragment {
  const slot = UNSAFE_raw(String(SLOT_SECONDS));
  return sql`
    INSERT INTO paylens_funnel_slots (LinkVersion, Slot, Computed, Dims, Measure, Step, Key, Count)
    SELECT ${version}, Slot, now64(6), Dims, Measure, Step, Key, Count FROM (
      SELECT toDateTime(intDiv(intDiv(StartNs, 1000000000), ${slot}) * ${slot}) AS Slot,
        Dims, t.1 AS Measure, t.2 AS Step, t.3 AS Key, sum(t.4) AS Count
      FROM ${storedJourneys}
      ARRAY JOIN ${funnelTuplesSql(stepCount)} AS t
      GROUP BY Slot, Dims, Measure, Step, Key
      UNION ALL
      SELECT toDateTime(arrayJoin(${typed('Array(UInt32)', slots)})) AS Slot, emptyArrayString() AS Dims,
        ${COMPUTED_MEASURE} AS Measure, toUInt8(0) AS Step, '' AS Key, toUInt64(0) AS Count
    )`;
}

/**
 * The slot rows of [fromSec, toSec) (whole slots), each slot's latest computation only, with the
 * columns Dims, Measure, Step, Key, Count.
 */
export function slotRowsSql(version: string, fromSec: number, toSec: number): SqlFragment {
  const inRange = sql`LinkVersion = ${version}
      AND Slot >= toDateTime(${typed('Int64', String(fromSec))}) AND Slot < toDateTime(${typed('Int64', String(toSec))})`;
  return sql`(SELECT Dims, Measure, Step, Key, Count FROM paylens_funnel_slots
    WHERE ${inRange} AND Measure != ${COMPUTED_MEASURE}
      AND (Slot, Computed) IN (SELECT Slot, max(Computed) FROM paylens_funnel_slots
        WHERE ${inRange} AND Measure = ${COMPUTED_MEASURE} GROUP BY Slot))`;
}

/** The slot (epoch seconds) a start in ns falls in. */
export function slotOf(startNs: bigint): number {
  const seconds = Number(startNs / 1_000_000_000n);
  return seconds - (seconds % SLOT_SECONDS);
}
