import { type SqlFragment, sql } from '@paylens/store';
import { type Hotspot, rankHotspots } from '../analysis/hotspots.ts';
import { findInversions, type Inversion } from '../analysis/inversions.ts';
import { QUANTILES } from '../analysis/quantiles.ts';
import type { TimeRange } from '../http/time-params.ts';
import type { AnalyticsContext } from './context.ts';
import { readStepEdges } from './edges.ts';
import { filtersSql } from './filters-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';
import { nsToMs, quantilesSql } from './quantiles-sql.ts';
import { histogramQuantilesSql, planRollup, rollupFiltersSql, rollupRowsSql } from './rollup-sql.ts';

export interface TimeoutsQuery {
  range: TimeRange;
  filters?: DimensionFilters;
  /** Most hotspots returned (default 50). */
  limit?: number;
}

export interface HotspotView extends Omit<Hotspot, 'peer' | 'channel' | 'service'> {
  service: string | null;
  peer: string | null;
  channel: string | null;
}

export interface TimeoutsResult {
  from: number;
  to: number;
  hotspots: HotspotView[];
  inversions: Inversion[];
}

interface Row {
  Step: string;
  ServiceName: string;
  Peer: string;
  Channel: string;
  total: number;
  calls: number;
  timeouts: number;
  q: number[];
}

/** Groups read from ClickHouse before ranking; the ranking then keeps `limit`. */
const MAX_GROUPS = 5000;
const P99 = QUANTILES.findIndex((q) => q.name === 'p99');
const P999 = QUANTILES.findIndex((q) => q.name === 'p999');

/** Timeout hotspots (step × service × peer × channel) and budget inversions over a range. */
export async function timeoutAnalysis(ctx: AnalyticsContext, query: TimeoutsQuery): Promise<TimeoutsResult> {
  const coverage = await ctx.coverage();
  const filters = query.filters ?? {};
  const plan = planRollup(query.range, coverage, Object.keys(filters));
  const [rows, edges] = await Promise.all([
    ctx.driver.query<Row>(
      plan
        ? hotspotsFromRollupSql(rollupRowsSql(ctx.link, coverage, plan, rollupFiltersSql(filters)))
        : hotspotsSql(linkSpansSource(ctx.link, coverage, rangeFromMs(query.range), filtersSql(filters))),
    ),
    readStepEdges(ctx, coverage, query.range),
  ]);
  const budgets = new Map(ctx.link.steps.map((step) => [step.id, step.timeoutMs]));
  const groups = rows
    .filter((row) => !row.total)
    .map((row) => ({
      step: row.Step,
      service: row.ServiceName,
      peer: row.Peer,
      channel: row.Channel,
      calls: Number(row.calls),
      timeouts: Number(row.timeouts),
      p99: row.q[P99] === undefined ? null : nsToMs(row.q[P99]),
      timeoutMs: budgets.get(row.Step) ?? null,
    }));
  const hotspots = rankHotspots(groups, query.limit ?? 50).map((hotspot) => ({
    ...hotspot,
    service: hotspot.service || null,
    peer: hotspot.peer || null,
    channel: hotspot.channel || null,
  }));
  const totals = new Map(rows.filter((row) => row.total).map((row) => [row.Step, row]));
  const stepBudgets = ctx.link.steps.map((step) => {
    const p999 = totals.get(step.id)?.q[P999];
    return { step: step.id, timeoutMs: step.timeoutMs, p999: p999 === undefined ? null : nsToMs(p999) };
  });
  return {
    from: query.range.from,
    to: query.range.to,
    hotspots,
    inversions: findInversions(stepBudgets, edges),
  };
}

/**
 * Per step (for p99.9 against the budget) and per (step, service, peer, channel) with at least one
 * timeout, in one scan.
 */
export function hotspotsSql(source: SqlFragment): SqlFragment {
  return hotspotsOf(sql`
    SELECT Step, ServiceName, Peer, Channel, grouping(ServiceName, Peer, Channel) != 0 AS total,
      count() AS calls, sum(Timeout) AS timeouts, ${quantilesSql(sql`Duration`)} AS q
    FROM ${source}
    GROUP BY GROUPING SETS ((Step), (Step, ServiceName, Peer, Channel))`);
}

/** The same from histogram rows (p99 and p99.9 within 1%). */
export function hotspotsFromRollupSql(rollupRows: SqlFragment): SqlFragment {
  return hotspotsOf(sql`
    SELECT Step, ServiceName, Peer, Channel, total, calls, timeouts,
      ${histogramQuantilesSql(sql`hist`, sql`calls`, sql`max`)} AS q
    FROM (
      SELECT Step, ServiceName, Peer, Channel, grouping(ServiceName, Peer, Channel) != 0 AS total,
        sum(Count) AS calls, sum(Timeouts) AS timeouts, max(MaxDuration) AS max, sumMap([Bucket], [Count]) AS hist
      FROM ${rollupRows}
      GROUP BY GROUPING SETS ((Step), (Step, ServiceName, Peer, Channel))
    )`);
}

function hotspotsOf(groups: SqlFragment): SqlFragment {
  return sql`
    SELECT * FROM (${groups})
    WHERE total OR timeouts > 0
    ORDER BY total DESC, timeouts DESC, calls DESC
    LIMIT ${MAX_GROUPS}`;
}
