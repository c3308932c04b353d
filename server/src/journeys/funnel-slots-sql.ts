import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { funnelValueKeysSql } from '../analytics/value-sql.ts';
import { VALUE_SCALE } from './journey-values-sql.ts';

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
  | 'failJourneys'
  /** What journeys are worth: Key a value-sums.ts valueKey, Amount the sum of their values. */
  | 'value';

/** The measure of the value rows (Key a value-sums.ts valueKey, Amount the sum). */
export const VALUE_MEASURE: FunnelMeasure = 'value';

/** The marker row of a slot's computation: the slot's rows are those sharing its Computed. */
export const COMPUTED_MEASURE = 'computed';

/** The Amount of every row but a value row (the type of paylens_journeys.Value). */
const NO_AMOUNT = UNSAFE_raw(`toDecimal128(0, ${VALUE_SCALE})`);

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
 * (Measure, Step, Key, Count, Amount) tuples, so that any set of journeys — one slot's, the partial
 * slots at a range's ends — sums to the same counts, histograms and value sums as funnelSql's over
 * those journeys. `positions` are the funnel's stages (their indexes in the link: Step is a link
 * index); a stage's drop-off and wait are from the stage before it. With `valued` (the link names
 * a value), a journey carrying one adds a `value` row per value-sums.ts key it falls under, Amount
 * its value (exact Decimal); Amount is 0 in every other row.
 */
export function funnelTuplesSql(positions: readonly number[], valued: boolean): SqlFragment {
  const n = (value: number) => sql`${UNSAFE_raw(String(value))}`;
  const t = (measure: FunnelMeasure, step: SqlFragment, key: SqlFragment, count: SqlFragment) =>
    sql`(${UNSAFE_raw(`'${measure}'`)}, toUInt8(${step}), ${key}, toUInt64(${count}), ${NO_AMOUNT})`;
  const stage = (k: number, i: number) => {
    const entered = sql`bitTest(Entered, ${n(k)})`;
    const own = [
      t('entered', n(k), sql`''`, entered),
      t('succeeded', n(k), sql`''`, sql`bitTest(Succeeded, ${n(k)})`),
      t('attempts', n(k), sql`''`, sql`Attempts[${n(k + 1)}]`),
      t('retried', n(k), sql`''`, sql`Attempts[${n(k + 1)}] > 1`),
    ];
    if (i === 0) return own;
    const p = positions[i - 1]!;
    const waits = sql`(bitTest(Succeeded, ${n(p)}) AND ${entered})`;
    const rawWait = sql`(FirstStart[${n(k + 1)}] - FirstOkEnd[${n(p + 1)}])`;
    return [
      ...own,
      t('dropped', n(k), sql`''`, sql`bitTest(Succeeded, ${n(p)}) AND NOT ${entered}`),
      t('gaps', n(k), sql`''`, waits),
      t('overlapped', n(k), sql`''`, sql`${waits} AND ${rawWait} < 0`),
      t('gap', n(k), bucketKeySql(sql`greatest(${rawWait}, 0)`), waits),
    ];
  };
  const last = n(positions.at(-1)!);
  const stepCount = n(Math.max(...positions) + 1);
  // A journey without a value (NULL) adds no value row, as the exact funnel's value sums skip it.
  const values = valued
    ? sql`,
    if(isNull(Value), [], arrayMap(k -> (${UNSAFE_raw(`'${VALUE_MEASURE}'`)}, toUInt8(0), k, toUInt64(1), assumeNotNull(Value)),
      ${funnelValueKeysSql(positions)}))`
    : sql``;
  return sql`arrayFilter(x -> x.4 > 0, arrayConcat(
    [${join(
      [
        t('journeys', sql`0`, sql`''`, sql`1`),
        ...positions.flatMap((k, i) => stage(k, i)),
        t('completed', sql`0`, sql`''`, sql`bitTest(Succeeded, ${last})`),
        t('latency', sql`0`, bucketKeySql(sql`(EndNs - StartNs)`), sql`bitTest(Succeeded, ${last})`),
      ],
      ', ',
    )}],
    arrayMap(f -> ${t('failAttempts', sql`f.1`, sql`f.2`, sql`1`)}, Failures),
    arrayMap(k -> ${t('failJourneys', sql`k`, sql`LastFailure[k + 1]`, sql`1`)},
      arrayFilter(k -> bitTest(Entered, k) AND NOT bitTest(Succeeded, k), range(${stepCount})))${values}
  ))`;
}

/**
 * The rows' format, part of the LinkVersion slots are written and read under: slots an older
 * format wrote (s1: the journey version alone, without value rows) are never read as journeys
 * worth nothing; the builder recomputes them once in this format (slot-format-upgrade.ts).
 */
export const SLOT_FORMAT = 's2';

/** The LinkVersion of the slot rows of a journey version, in the current slot format. */
export function slotsVersion(journeyVersion: string): string {
  return `${journeyVersion}/${SLOT_FORMAT}`;
}

/** The slots of one link: their LinkVersion (slotsVersion), the funnel's stages, whether valued. */
export interface SlotsOfLink {
  version: string;
  positions: readonly number[];
  /** The link names a value: the slots hold `value` rows. */
  valued: boolean;
}

/**
 * Recomputes the given slots (epoch seconds) from the stored journeys that started in them: one
 * statement, so every row of a slot's computation, its marker included, shares one Computed.
 */
export function recomputeSlotsSql(
  of: SlotsOfLink,
  slots: readonly number[],
  storedJourneys: SqlFragment,
): SqlFragment {
  const slot = UNSAFE_raw(String(SLOT_SECONDS));
  return sql`
    INSERT INTO paylens_funnel_slots (LinkVersion, Slot, Computed, Dims, Measure, Step, Key, Count, Amount)
    SELECT ${of.version}, Slot, now64(6), Dims, Measure, Step, Key, Count, Amount FROM (
      SELECT toDateTime(intDiv(intDiv(StartNs, 1000000000), ${slot}) * ${slot}) AS Slot,
        Dims, t.1 AS Measure, t.2 AS Step, t.3 AS Key, sum(t.4) AS Count, sum(t.5) AS Amount
      FROM ${storedJourneys}
      ARRAY JOIN ${funnelTuplesSql(of.positions, of.valued)} AS t
      GROUP BY Slot, Dims, Measure, Step, Key
      UNION ALL
      SELECT toDateTime(arrayJoin(${typed('Array(UInt32)', slots)})) AS Slot, emptyArrayString() AS Dims,
        ${COMPUTED_MEASURE} AS Measure, toUInt8(0) AS Step, '' AS Key, toUInt64(0) AS Count, ${NO_AMOUNT} AS Amount
    )`;
}

/**
 * The slot rows of [fromSec, toSec) (whole slots) under `version` (slotsVersion), each slot's
 * latest computation only, with the columns Dims, Measure, Step, Key, Count, Amount.
 */
export function slotRowsSql(version: string, fromSec: number, toSec: number): SqlFragment {
  const inRange = sql`LinkVersion = ${version}
      AND Slot >= toDateTime(${typed('Int64', String(fromSec))}) AND Slot < toDateTime(${typed('Int64', String(toSec))})`;
  return sql`(SELECT Dims, Measure, Step, Key, Count, Amount FROM paylens_funnel_slots
    WHERE ${inRange} AND Measure != ${COMPUTED_MEASURE}
      AND (Slot, Computed) IN (SELECT Slot, max(Computed) FROM paylens_funnel_slots
        WHERE ${inRange} AND Measure = ${COMPUTED_MEASURE} GROUP BY Slot))`;
}

/** The slot (epoch seconds) a start in ns falls in. */
export function slotOf(startNs: bigint): number {
  const seconds = Number(startNs / 1_000_000_000n);
  return seconds - (seconds % SLOT_SECONDS);
}
