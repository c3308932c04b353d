import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import { type FunnelStep, type FunnelStepCounts, withConversions } from '../analysis/funnel.ts';
import type { TimeRange } from '../http/time-params.ts';
import type { AnalyticsContext } from './context.ts';
import { type JourneyColumn, journeysSql } from './journeys-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';
import { quantilesFromNs, quantilesSql } from './quantiles-sql.ts';

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

export interface FunnelGroup {
  key: Record<string, string>;
  journeys: number;
  steps: FunnelStep[];
  completed: CompletedJourneys;
}

export interface FunnelResult {
  from: number;
  to: number;
  journeys: number;
  steps: FunnelStep[];
  completed: CompletedJourneys;
  groups: FunnelGroup[];
}

interface Row {
  keys: string[];
  grouped: number;
  journeys: number;
  entered: number[];
  succeeded: number[];
  failed: number[];
  dropped: number[];
  gaps: number[];
  gap: number[][];
  completed: number;
  latency: number[];
}

interface ErrorRow {
  keys: string[];
  grouped: number;
  idx: number;
  message: string;
  count: number;
}

export const TOP_ERRORS = 5;

/** The payment funnel over a range: journeys as the unit, per step in link order, per group. */
export async function funnel(ctx: AnalyticsContext, query: FunnelQuery): Promise<FunnelResult> {
  const groupBy = query.groupBy ?? [];
  const filters = query.filters ?? {};
  const dimensions = [...new Set([...groupBy, ...Object.keys(filters)])];
  const source = linkSpansSource(ctx.link, await ctx.coverage(), rangeFromMs(query.range));
  const keys = keysSql(groupBy.map((d) => dimensions.indexOf(d) + 1));
  const byJourney = groupBy.length > 0 || Object.keys(filters).length > 0;
  const columns: JourneyColumn[] = byJourney
    ? ['firstStart', 'extent', 'messages']
    : ['firstStart', 'extent'];
  const journeys = journeysSql(ctx.link, source, dimensions, filters, { columns, hashed: true });
  const stepIds = ctx.link.steps.map((step) => step.id);
  const [rows, errors] = await Promise.all([
    ctx.driver.query<Row>(funnelSql(journeys, stepIds.length, keys, groupBy.length > 0)),
    ctx.driver.query<ErrorRow>(
      byJourney ? journeyErrorsSql(journeys, keys, groupBy.length > 0) : spanErrorsSql(source, stepIds),
    ),
  ]);
  const build = (row: Row | undefined) => {
    const topErrors = errors.filter((e) => row && e.grouped === row.grouped && sameKeys(e.keys, row.keys));
    return {
      journeys: Number(row?.journeys ?? 0),
      steps: withConversions(stepIds.map((step, k) => stepCounts(step, k, row, topErrors))),
      completed: completedJourneys(row),
    };
  };
  return {
    from: query.range.from,
    to: query.range.to,
    ...build(rows.find((row) => !row.grouped)),
    groups: rows
      .filter((row) => row.grouped)
      .map((row) => ({
        key: Object.fromEntries(groupBy.map((d, i) => [d, row.keys[i] ?? ''])),
        ...build(row),
      }))
      .sort((a, b) => b.journeys - a.journeys || compare(JSON.stringify(a.key), JSON.stringify(b.key))),
  };
}

/** The group key of a journey: its values of the groupBy dimensions (jDims positions). */
function keysSql(positions: readonly number[]): SqlFragment {
  if (positions.length === 0) return sql`emptyArrayString()`;
  return sql`[${join(
    positions.map((i) => sql`jDims[${UNSAFE_raw(String(i))}]`),
    ', ',
  )}]`;
}

/**
 * Per group, arrays over the steps, one aggregate per step (written out: cheaper than ForEach
 * over per-journey arrays). Step k's gap is from the end of step k−1 (its earliest-ending
 * successful span) to the start of step k (its first span), for journeys that succeeded at k−1
 * and entered k.
 */
export function funnelSql(
  journeys: SqlFragment,
  stepCount: number,
  keys: SqlFragment,
  grouped: boolean,
): SqlFragment {
  const steps = Array.from({ length: stepCount }, (_, k) => k);
  const n = (value: number) => UNSAFE_raw(String(value));
  const perStep = (f: (k: number) => SqlFragment) =>
    sql`[${join(
      steps.map((k) => f(k)),
      ', ',
    )}]`;
  const entered = (k: number) => sql`bitTest(jEntered, ${n(k)})`;
  const succeeded = (k: number) => sql`bitTest(jSucceeded, ${n(k)})`;
  const gapOk = (k: number) => (k === 0 ? sql`0` : sql`${succeeded(k - 1)} AND ${entered(k)}`);
  const last = stepCount - 1;
  return sql`
    SELECT ${keys} AS keys, ${grouped ? sql`grouping(keys) = 0` : sql`0`} AS grouped,
      count() AS journeys,
      ${perStep((k) => sql`countIf(${entered(k)})`)} AS entered,
      ${perStep((k) => sql`countIf(${succeeded(k)})`)} AS succeeded,
      ${perStep((k) => sql`countIf(${entered(k)} AND NOT ${succeeded(k)})`)} AS failed,
      ${perStep((k) => (k === 0 ? sql`toUInt64(0)` : sql`countIf(${succeeded(k - 1)} AND NOT ${entered(k)})`))} AS dropped,
      ${perStep((k) => sql`countIf(${gapOk(k)})`)} AS gaps,
      ${perStep((k) => quantilesSql(sql`jFirstStart[${n(k + 1)}] - jFirstOkEnd[${n(Math.max(k, 1))}]`, gapOk(k)))} AS gap,
      countIf(${succeeded(last)}) AS completed,
      ${quantilesSql(sql`jEnd - jStart`, succeeded(last))} AS latency
    FROM ${journeys}
    GROUP BY ${grouped ? sql`GROUPING SETS ((), (keys))` : sql`keys`}`;
}

/** Most frequent failure messages per step, over the spans (when journeys are not filtered or grouped). */
function spanErrorsSql(source: SqlFragment, stepIds: readonly string[]): SqlFragment {
  return sql`
    SELECT emptyArrayString() AS keys, 0 AS grouped, indexOf(${stepIds}, Step) - 1 AS idx, Message AS message,
      count() AS count
    FROM ${source} WHERE Message != ''
    GROUP BY idx, message
    ORDER BY count DESC, message
    LIMIT ${TOP_ERRORS} BY idx`;
}

/** The same per group of journeys (and over all the filtered journeys). */
function journeyErrorsSql(journeys: SqlFragment, keys: SqlFragment, grouped: boolean): SqlFragment {
  return sql`
    SELECT keys, ${grouped ? sql`grouping(keys) = 0` : sql`0`} AS grouped, m.1 AS idx, m.2 AS message, count() AS count
    FROM (SELECT ${keys} AS keys, jMsgs FROM ${journeys}) ARRAY JOIN jMsgs AS m
    GROUP BY ${grouped ? sql`GROUPING SETS ((idx, message), (keys, idx, message))` : sql`keys, idx, message`}
    ORDER BY count DESC, message
    LIMIT ${TOP_ERRORS} BY grouped, keys, idx`;
}

function stepCounts(
  step: string,
  k: number,
  row: Row | undefined,
  errors: readonly ErrorRow[],
): FunnelStepCounts {
  const gaps = quantilesFromNs(row?.gap[k], Number(row?.gaps[k] ?? 0));
  return {
    step,
    entered: Number(row?.entered[k] ?? 0),
    succeeded: Number(row?.succeeded[k] ?? 0),
    failed: Number(row?.failed[k] ?? 0),
    dropped: Number(row?.dropped[k] ?? 0),
    p50MsFromPrevious: gaps.p50,
    p90MsFromPrevious: gaps.p90,
    topErrors: errors
      .filter((e) => Number(e.idx) === k)
      .map((e) => ({ message: e.message, count: Number(e.count) }))
      .sort((a, b) => b.count - a.count || compare(a.message, b.message)),
  };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function completedJourneys(last: Row | undefined): CompletedJourneys {
  const count = Number(last?.completed ?? 0);
  const q = quantilesFromNs(last?.latency, count);
  return { count, p50: q.p50, p90: q.p90, p99: q.p99 };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
