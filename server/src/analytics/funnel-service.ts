import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import {
  type FunnelError,
  type FunnelStep,
  type FunnelStepCounts,
  rankErrors,
  withConversions,
} from '../analysis/funnel.ts';
import { funnelFromMeasures, type MeasureRow } from '../analysis/funnel-measures.ts';
import { type FunnelStepValue, type FunnelValue, funnelValues } from '../analysis/value-sums.ts';
import type { TimeRange } from '../http/time-params.ts';
import { funnelTuplesSql, VALUE_MEASURE } from '../journeys/funnel-slots-sql.ts';
import { journeyFiltersSql, journeyKeysSql } from '../journeys/journey-filters-sql.ts';
import type { FunnelSlotsPlan } from '../journeys/journey-store.ts';
import { funnelPositions, funnelSteps } from '../link/definition.ts';
import type { AnalyticsContext } from './context.ts';
import { rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';
import { quantilesFromNs, quantilesSql } from './quantiles-sql.ts';
import {
  type FunnelValueKey,
  funnelValueColumnsSql,
  funnelValueKeys,
  funnelValueKeysSql,
} from './value-sql.ts';

export interface FunnelQuery {
  range: TimeRange;
  groupBy?: readonly string[];
  /** Journey-level filters: a journey's dimension value is the first one found on its spans. */
  filters?: DimensionFilters;
}

export interface CompletedJourneys {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** A funnel step with what the journeys at it are worth, per currency. */
export type ValuedFunnelStep = FunnelStep & { value: FunnelStepValue[] };

export interface FunnelGroup {
  key: Record<string, string>;
  journeys: number;
  steps: ValuedFunnelStep[];
  completed: CompletedJourneys;
  value: FunnelValue[];
}

export interface FunnelResult {
  from: number;
  to: number;
  journeys: number;
  steps: ValuedFunnelStep[];
  completed: CompletedJourneys;
  /** Sums of the journeys' values per currency (empty when the link names no value). */
  value: FunnelValue[];
  groups: FunnelGroup[];
}

interface Row {
  keys: string[];
  grouped: number;
  journeys: number;
  entered: number[];
  succeeded: number[];
  dropped: number[];
  attempts: number[];
  retried: number[];
  overlapped: number[];
  gaps: number[];
  gap: number[][];
  completed: number;
  latency: number[];
  /** sumMap results, [keys, sums] with keys `step<TAB>message`: failing spans with it, and failed journeys whose last failure it was. */
  failureAttempts: [string[], (number | string)[]];
  failureJourneys: [string[], (number | string)[]];
  /** Value sums (value-sums.ts keys) summed in the funnel's pass (funnelSql's `values`). */
  valueKeys?: string[];
  valueAmounts?: string[];
}

interface ErrorRow {
  idx: number;
  message: string;
  count: number;
  attempts: number;
}

export const TOP_ERRORS = 5;

/**
 * The payment funnel over the journeys that started in the range (DESIGN.md "Funnel"), per step in
 * link order, and per group of the groupBy dimensions.
 */
export async function funnel(ctx: AnalyticsContext, query: FunnelQuery): Promise<FunnelResult> {
  const groupBy = query.groupBy ?? [];
  const plan = await ctx.journeys.funnelSlots(rangeFromMs(query.range));
  if (plan) return funnelFromSlots(ctx, query, plan);
  const source = await ctx.journeys.journeysSource(rangeFromMs(query.range));
  const journeys = sql`(SELECT *, ${journeyKeysSql(ctx.link, groupBy)} AS keys
    FROM ${source.rows}
    WHERE ${journeyFiltersSql(ctx.link, query.filters ?? {})})`;
  // Steps with inFunnel: false (compensations) are measured elsewhere, not stages of the funnel.
  const stepIds = funnelSteps(ctx.link).map((step) => step.id);
  const positions = stepIds.map((id) => ctx.link.steps.findIndex((step) => step.id === id));
  const grouped = groupBy.length > 0;
  const valued = ctx.link.value !== undefined;
  const valueKeys = funnelValueKeys(positions);
  // Stored journeys are cheap to read twice: their values are summed in a query of their own (a
  // sumMap over decimals in the funnel's pass costs it 5×). Journeys assembled from spans cost far
  // more than that sumMap: they are assembled once, and their values summed in the same pass.
  const valuesApart = valued && source.stored;
  const [rows, valueRows] = await Promise.all([
    ctx.driver.query<Row>(funnelSql(journeys, positions, grouped, valued && !valuesApart)),
    valuesApart ? ctx.driver.query<ValueRow>(funnelValuesSql(journeys, valueKeys, grouped)) : [],
  ]);
  const valuesByGroup = groupValueRows(valueRows, valueKeys);
  const sumsOf = (row: Row) =>
    valuesApart
      ? valuesByGroup.get(groupId(row))
      : { keys: row.valueKeys ?? [], amounts: row.valueAmounts ?? [] };
  const build = (row: Row | undefined) => {
    const own = row ? failuresOf(row) : [];
    const sums = row && sumsOf(row);
    const values = funnelValues(sums?.keys ?? [], sums?.amounts ?? [], stepIds.length);
    return {
      journeys: Number(row?.journeys ?? 0),
      steps: withConversions(stepIds.map((step, i) => stepCounts(step, i, positions[i]!, row, own))).map(
        (step, i) => ({ ...step, value: values.steps[i] ?? [] }),
      ),
      completed: completedJourneys(row),
      value: values.value,
    };
  };
  return {
    from: query.range.from,
    to: query.range.to,
    ...build(rows.find((row) => !Number(row.grouped))),
    groups: rows
      .filter((row) => Number(row.grouped))
      .map((row) => ({
        key: Object.fromEntries(groupBy.map((d, i) => [d, row.keys[i] ?? ''])),
        ...build(row),
      }))
      .sort((a, b) => b.journeys - a.journeys || compare(JSON.stringify(a.key), JSON.stringify(b.key))),
  };
}

/** A summed rollup row: `Amount` the exact sum of a `value` row (text), '' for the others. */
type SlotRow = MeasureRow & { keys: string[]; grouped: number; Amount: string };

/**
 * The funnel of a long range from the rollup: whole slots' measures plus the partial slots'
 * journeys turned into the same measures, summed per group in one query; counts and value sums
 * exact, quantiles from 2% histograms (within 1% of the exact nearest-rank value, as DESIGN.md
 * asks of every quantile).
 */
async function funnelFromSlots(
  ctx: AnalyticsContext,
  query: FunnelQuery,
  plan: FunnelSlotsPlan,
): Promise<FunnelResult> {
  const groupBy = query.groupBy ?? [];
  const grouped = groupBy.length > 0;
  const keys = journeyKeysSql(ctx.link, groupBy);
  const filters = journeyFiltersSql(ctx.link, query.filters ?? {});
  const positions = funnelPositions(ctx.link);
  const stages = positions.map((index) => ({ id: ctx.link.steps[index]!.id, index }));
  const valued = ctx.link.value !== undefined;
  const measures = [
    sql`SELECT ${keys} AS keys, Measure, Step, Key, Count, Amount FROM ${plan.slots}
      WHERE ${filters}${valued ? sql`` : sql` AND Measure != ${VALUE_MEASURE}`}`,
  ];
  if (plan.edges)
    measures.push(sql`SELECT ${keys} AS keys, t.1 AS Measure, t.2 AS Step, t.3 AS Key, t.4 AS Count, t.5 AS Amount
      FROM ${plan.edges} ARRAY JOIN ${funnelTuplesSql(positions, valued)} AS t WHERE ${filters}`);
  const rows = await ctx.driver.query<SlotRow>(sql`
    SELECT keys, ${grouped ? sql`grouping(keys) = 0` : sql`0`} AS grouped, Measure, Step, Key, sum(Count) AS Count,
      if(Measure = ${VALUE_MEASURE}, toString(sum(Amount)), '') AS Amount
    FROM (${join(measures, ' UNION ALL ')})
    GROUP BY ${grouped ? sql`GROUPING SETS ((Measure, Step, Key), (keys, Measure, Step, Key))` : sql`keys, Measure, Step, Key`}`);
  const build = (rowsOf: readonly SlotRow[]) => {
    const counts = funnelFromMeasures(stages, rowsOf, TOP_ERRORS);
    const sums = rowsOf.filter((row) => row.Measure === VALUE_MEASURE);
    const values = funnelValues(
      sums.map((row) => row.Key),
      sums.map((row) => row.Amount),
      stages.length,
    );
    return {
      ...counts,
      steps: counts.steps.map((step, i) => ({ ...step, value: values.steps[i] ?? [] })),
      value: values.value,
    };
  };
  const groups = new Map<string, { key: string[]; rows: SlotRow[] }>();
  for (const row of rows.filter((r) => Number(r.grouped))) {
    const id = JSON.stringify(row.keys);
    const group = groups.get(id) ?? { key: row.keys, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  return {
    from: query.range.from,
    to: query.range.to,
    ...build(rows.filter((row) => !Number(row.grouped))),
    groups: [...groups.values()]
      .map((group) => ({
        key: Object.fromEntries(groupBy.map((d, i) => [d, group.key[i] ?? ''])),
        ...build(group.rows),
      }))
      .sort((a, b) => b.journeys - a.journeys || compare(JSON.stringify(a.key), JSON.stringify(b.key))),
  };
}

/** The exact funnel's value sums of one group and currency, per funnelValueKeys key. */
interface ValueRow {
  keys: string[];
  grouped: number;
  Currency: string;
  amounts: string[];
  journeys: (number | string)[];
}

const groupId = (row: { keys: string[]; grouped: number | string }) =>
  `${Number(row.grouped)}${JSON.stringify(row.keys)}`;

/**
 * The value sums of each group (and of the whole funnel) as funnelValues takes them: a key only
 * where some journey met its condition (a currency whose journeys are worth 0 keeps its "0").
 */
function groupValueRows(
  rows: readonly ValueRow[],
  keys: readonly FunnelValueKey[],
): Map<string, { keys: string[]; amounts: string[] }> {
  const groups = new Map<string, { keys: string[]; amounts: string[] }>();
  for (const row of rows) {
    const id = groupId(row);
    const group = groups.get(id) ?? { keys: [], amounts: [] };
    keys.forEach((key, i) => {
      if (Number(row.journeys[i]) === 0) return;
      group.keys.push(key.prefix + row.Currency);
      group.amounts.push(row.amounts[i]!);
    });
    groups.set(id, group);
  }
  return groups;
}

/**
 * The journeys' values summed exactly per funnelValueKeys key, group and currency: a sum per key
 * (few currencies, so few rows), ten times faster than a sumMap over Decimal values.
 */
function funnelValuesSql(
  journeys: SqlFragment,
  keys: readonly FunnelValueKey[],
  grouped: boolean,
): SqlFragment {
  const each = (f: (condition: SqlFragment) => SqlFragment) =>
    sql`[${join(
      keys.map((key) => f(key.condition)),
      ', ',
    )}]`;
  return sql`
    SELECT keys, ${grouped ? sql`grouping(keys) = 0` : sql`0`} AS grouped, Currency,
      ${each((c) => sql`toString(sumIf(assumeNotNull(Value), ${c}))`)} AS amounts,
      ${each((c) => sql`countIf(${c})`)} AS journeys
    FROM ${journeys} WHERE isNotNull(Value)
    GROUP BY ${grouped ? sql`GROUPING SETS ((Currency), (keys, Currency))` : sql`keys, Currency`}`;
}

/**
 * Per group, arrays over the funnel's steps (`positions`: their indexes in the link, whose order the
 * journey rows' arrays follow), one aggregate per step (arrays 1-based in SQL). A step's wait
 * is from the end of the previous funnel step's first successful span to the start of its first
 * span, floored at 0, for journeys that succeeded at the previous one and entered it;
 * `overlapped` counts those that started it before that end.
 */
export function funnelSql(
  journeys: SqlFragment,
  positions: readonly number[],
  grouped: boolean,
  /** Also sum the journeys' values per currency in this pass (funnelValueColumnsSql). */
  values = false,
): SqlFragment {
  const n = (value: number) => UNSAFE_raw(String(value));
  const previous = (i: number) => positions[Math.max(i - 1, 0)]!;
  const perStep = (f: (k: number, i: number) => SqlFragment) =>
    sql`[${join(
      positions.map((k, i) => f(k, i)),
      ', ',
    )}]`;
  const entered = (k: number) => sql`bitTest(Entered, ${n(k)})`;
  const succeeded = (k: number) => sql`bitTest(Succeeded, ${n(k)})`;
  const waits = (k: number, i: number) =>
    i === 0 ? sql`0` : sql`${succeeded(previous(i))} AND ${entered(k)}`;
  const rawWait = (k: number, i: number) => sql`FirstStart[${n(k + 1)}] - FirstOkEnd[${n(previous(i) + 1)}]`;
  const last = positions.at(-1)!;
  const stepCount = Math.max(...positions) + 1;
  return sql`
    SELECT keys, ${grouped ? sql`grouping(keys) = 0` : sql`0`} AS grouped,
      count() AS journeys,
      ${perStep((k) => sql`countIf(${entered(k)})`)} AS entered,
      ${perStep((k) => sql`countIf(${succeeded(k)})`)} AS succeeded,
      ${perStep((k, i) => (i === 0 ? sql`toUInt64(0)` : sql`countIf(${succeeded(previous(i))} AND NOT ${entered(k)})`))} AS dropped,
      ${perStep((k) => sql`sum(Attempts[${n(k + 1)}])`)} AS attempts,
      ${perStep((k) => sql`countIf(Attempts[${n(k + 1)}] > 1)`)} AS retried,
      ${perStep((k, i) => sql`countIf(${waits(k, i)} AND ${rawWait(k, i)} < 0)`)} AS overlapped,
      ${perStep((k, i) => sql`countIf(${waits(k, i)})`)} AS gaps,
      ${perStep((k, i) => quantilesSql(sql`greatest(${rawWait(k, i)}, 0)`, waits(k, i)))} AS gap,
      countIf(${succeeded(last)}) AS completed,
      ${quantilesSql(sql`EndNs - StartNs`, succeeded(last))} AS latency,
      sumMap(arrayMap(f -> concat(toString(f.1), '\t', f.2), Failures), arrayMap(f -> toUInt64(1), Failures)) AS failureAttempts,
      sumMap(arrayMap(k -> concat(toString(k), '\t', LastFailure[k + 1]), failedSteps),
        arrayMap(k -> toUInt64(1), failedSteps)) AS failureJourneys${
          values ? sql`, ${funnelValueColumnsSql(sql`valueKeyRow`)}` : sql``
        }
    FROM (SELECT *, arrayFilter(k -> bitTest(Entered, k) AND NOT bitTest(Succeeded, k), range(${n(stepCount)})) AS failedSteps${
      values ? sql`, ${funnelValueKeysSql(positions)} AS valueKeyRow` : sql``
    }
      FROM ${journeys})
    GROUP BY ${grouped ? sql`GROUPING SETS ((), (keys))` : sql`keys`}`;
}

/**
 * Failure messages per step from a row's maps: `count` = failed journeys whose last failing span
 * had it, `attempts` = failing spans with it (retries of journeys that succeeded in the end included).
 */
function failuresOf(row: Row): ErrorRow[] {
  const [journeyKeys, journeyCounts] = row.failureJourneys;
  const counts = new Map(journeyKeys.map((key, i) => [key, journeyCounts[i]]));
  const [keys, sums] = row.failureAttempts;
  return keys.map((key, i) => {
    const attempts = sums[i] ?? 0;
    const tab = key.indexOf('\t');
    return {
      idx: Number(key.slice(0, tab)),
      message: key.slice(tab + 1),
      count: Number(counts.get(key) ?? 0),
      attempts: Number(attempts),
    };
  });
}

/** Step `i` of the funnel, `k` of the link (failure messages are keyed by link index). */
function stepCounts(
  step: string,
  i: number,
  k: number,
  row: Row | undefined,
  errors: readonly ErrorRow[],
): FunnelStepCounts {
  const gaps = quantilesFromNs(row?.gap[i], Number(row?.gaps[i] ?? 0));
  const entered = Number(row?.entered[i] ?? 0);
  const succeeded = Number(row?.succeeded[i] ?? 0);
  const topErrors: FunnelError[] = errors
    .filter((e) => Number(e.idx) === k)
    .map((e) => ({ message: e.message, count: Number(e.count), attempts: Number(e.attempts) }));
  return {
    step,
    entered,
    succeeded,
    failed: entered - succeeded,
    dropped: Number(row?.dropped[i] ?? 0),
    attempts: Number(row?.attempts[i] ?? 0),
    retried: Number(row?.retried[i] ?? 0),
    overlapped: Number(row?.overlapped[i] ?? 0),
    p50MsFromPrevious: gaps.p50,
    p90MsFromPrevious: gaps.p90,
    topErrors: rankErrors(topErrors, TOP_ERRORS),
  };
}

function completedJourneys(last: Row | undefined): CompletedJourneys {
  const count = Number(last?.completed ?? 0);
  const q = quantilesFromNs(last?.latency, count);
  return { count, p50: q.p50, p90: q.p90, p99: q.p99 };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
