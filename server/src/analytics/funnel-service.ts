import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import { type FunnelStep, type FunnelStepCounts, withConversions } from '../analysis/funnel.ts';
import type { TimeRange } from '../http/time-params.ts';
import type { AnalyticsContext } from './context.ts';
import { journeysSql } from './journeys-sql.ts';
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
  k: number;
  keys: string[];
  grouped: number;
  journeys: number;
  entered: number;
  succeeded: number;
  failed: number;
  dropped: number;
  gaps: number;
  gap: number[];
  completed: number;
  latency: number[];
  errors: [string[], number[]];
}

export const TOP_ERRORS = 5;

/** The payment funnel over a range: journeys as the unit, per step in link order, per group. */
export async function funnel(ctx: AnalyticsContext, query: FunnelQuery): Promise<FunnelResult> {
  const groupBy = query.groupBy ?? [];
  const filters = query.filters ?? {};
  const dimensions = [...new Set([...groupBy, ...Object.keys(filters)])];
  const source = linkSpansSource(ctx.link, await ctx.coverage(), rangeFromMs(query.range));
  const journeys = journeysSql(ctx.link, source, dimensions, filters, ['firstStart', 'messages', 'extent']);
  const groupIndexes = groupBy.map((d) => dimensions.indexOf(d) + 1);
  const rows = await ctx.driver.query<Row>(funnelSql(journeys, ctx.link.steps.length, groupIndexes));

  const build = (selected: Row[]) => {
    const byStep = new Map(selected.map((row) => [Number(row.k), row]));
    const last = byStep.get(ctx.link.steps.length - 1);
    return {
      journeys: Number(byStep.get(0)?.journeys ?? 0),
      steps: withConversions(ctx.link.steps.map((step, k) => stepCounts(step.id, byStep.get(k)))),
      completed: completedJourneys(last),
    };
  };
  const totals = build(rows.filter((row) => !row.grouped));
  const groups = new Map<string, Row[]>();
  for (const row of rows.filter((r) => r.grouped)) {
    const id = JSON.stringify(row.keys);
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return {
    from: query.range.from,
    to: query.range.to,
    ...totals,
    groups: [...groups.values()]
      .map((selected) => ({
        key: Object.fromEntries(groupBy.map((d, i) => [d, selected[0]?.keys[i] ?? ''])),
        ...build(selected),
      }))
      .sort((a, b) => b.journeys - a.journeys || compare(JSON.stringify(a.key), JSON.stringify(b.key))),
  };
}

export function funnelSql(
  journeys: SqlFragment,
  stepCount: number,
  groupIndexes: readonly number[],
): SqlFragment {
  const last = UNSAFE_raw(String(stepCount - 1));
  const keys = sql`[${join(
    groupIndexes.map((i) => sql`jDims[${UNSAFE_raw(String(i))}]`),
    ', ',
  )}]`;
  const grouped = groupIndexes.length > 0;
  const previousOk = sql`(k > 0 AND bitTest(jSucceeded, greatest(k, 1) - 1))`;
  const done = sql`(k = ${last} AND bitTest(jSucceeded, ${last}))`;
  return sql`
    SELECT k, ${grouped ? keys : sql`emptyArrayString()`} AS keys, ${grouped ? sql`grouping(keys) = 0` : sql`0`} AS grouped,
      countIf(k = 0) AS journeys,
      countIf(bitTest(jEntered, k)) AS entered,
      countIf(bitTest(jSucceeded, k)) AS succeeded,
      countIf(bitTest(jEntered, k) AND NOT bitTest(jSucceeded, k)) AS failed,
      countIf(${previousOk} AND NOT bitTest(jEntered, k)) AS dropped,
      countIf(${previousOk} AND bitTest(jEntered, k)) AS gaps,
      ${quantilesSql(sql`jFirstStart[k + 1] - jFirstOkEnd[k]`, sql`${previousOk} AND bitTest(jEntered, k)`)} AS gap,
      countIf(${done}) AS completed,
      ${quantilesSql(sql`jEnd - jStart`, done)} AS latency,
      sumMap(stepMsgs, arrayMap(m -> toUInt64(1), stepMsgs)) AS errors
    FROM (
      SELECT *, k, arrayMap(m -> m.2, arrayFilter(m -> m.1 = k, jMsgs)) AS stepMsgs
      FROM ${journeys}
      ARRAY JOIN range(${UNSAFE_raw(String(stepCount))}) AS k
    )
    GROUP BY ${grouped ? sql`GROUPING SETS ((k), (k, keys))` : sql`k, keys`}`;
}

function stepCounts(step: string, row: Row | undefined): FunnelStepCounts {
  const gaps = quantilesFromNs(row?.gap, Number(row?.gaps ?? 0));
  return {
    step,
    entered: Number(row?.entered ?? 0),
    succeeded: Number(row?.succeeded ?? 0),
    failed: Number(row?.failed ?? 0),
    dropped: Number(row?.dropped ?? 0),
    p50MsFromPrevious: gaps.p50,
    p90MsFromPrevious: gaps.p90,
    topErrors: topErrors(row?.errors),
  };
}

function completedJourneys(last: Row | undefined): CompletedJourneys {
  const count = Number(last?.completed ?? 0);
  const q = quantilesFromNs(last?.latency, count);
  return { count, p50: q.p50, p90: q.p90, p99: q.p99 };
}

function topErrors(errors: Row['errors'] | undefined): { message: string; count: number }[] {
  if (!errors) return [];
  const [messages, counts] = errors;
  return messages
    .map((message, i) => ({ message, count: Number(counts[i] ?? 0) }))
    .sort((a, b) => b.count - a.count || compare(a.message, b.message))
    .slice(0, TOP_ERRORS);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
