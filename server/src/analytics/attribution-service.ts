import { sql } from '@paylens/store';
import { type AttributeShare, rankAttribution } from '../analysis/attribution.ts';
import type { TimeRange } from '../http/time-params.ts';
import { attributionCountsSql, linkSpanSelectionSql, type SelectionSpec } from './attribution-sql.ts';
import type { AnalyticsContext } from './context.ts';
import { andSql, filtersSql } from './filters-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';

/** A key with more distinct values than this in the range is an id, not a cause. */
export const MAX_DISTINCT_VALUES = 1000;
export const ATTRIBUTION_LIMIT = 20;
const SAMPLES = 10;

export interface AttributionQuery {
  step: string;
  range: TimeRange;
  /** Selection: duration in [minMs, maxMs), either bound optional, and the outcome if given. */
  minMs?: number;
  maxMs?: number;
  outcome?: 'error' | 'timeout';
  filters?: DimensionFilters;
}

export interface AttributionResult {
  step: string;
  from: number;
  to: number;
  selection: { count: number };
  baseline: { count: number };
  attributes: AttributeShare[];
  /** TraceIds of the selection's slowest spans. */
  samples: string[];
}

interface KeyRow {
  key: string;
  values: string[];
  selection: number[];
  baseline: number[];
}

/**
 * What the selected spans of a step have in common, against the step's other spans in the range:
 * each attribute value's share in both, ranked (analysis/attribution.ts), with sample traces.
 */
export async function stepAttribution(
  ctx: AnalyticsContext,
  query: AttributionQuery,
): Promise<AttributionResult> {
  const coverage = await ctx.coverage();
  const range = rangeFromMs(query.range);
  const filters = query.filters ?? {};
  const selection: SelectionSpec = {
    minNs: query.minMs === undefined ? undefined : msToCeilNs(query.minMs),
    maxNs: query.maxMs === undefined ? undefined : msToCeilNs(query.maxMs),
    outcome: query.outcome,
  };
  const skipKeys = [...ctx.link.journeyKey];
  const [rows, samples] = await Promise.all([
    ctx.driver.query<KeyRow>(
      attributionCountsSql({
        link: ctx.link,
        coverage,
        range,
        step: query.step,
        filters,
        selection,
        skipKeys,
        maxDistinct: MAX_DISTINCT_VALUES,
      }),
    ),
    ctx.driver.query<{ TraceId: string }>(sql`
      SELECT TraceId FROM ${linkSpansSource(
        ctx.link,
        coverage,
        range,
        andSql([sql`Step = ${query.step}`, filtersSql(filters), linkSpanSelectionSql(selection)]),
        ['TraceId', 'Duration'],
      )}
      GROUP BY TraceId ORDER BY max(Duration) DESC, TraceId LIMIT ${SAMPLES}`),
  ]);
  const keys = rows.map((row) => ({
    key: row.key,
    values: row.values.map((value, i) => ({
      value,
      selection: Number(row.selection[i] ?? 0),
      baseline: Number(row.baseline[i] ?? 0),
    })),
  }));
  const totals = keys.find((k) => k.key === '')?.values[0];
  const selectionCount = totals?.selection ?? 0;
  const baselineCount = totals?.baseline ?? 0;
  return {
    step: query.step,
    from: query.range.from,
    to: query.range.to,
    selection: { count: selectionCount },
    baseline: { count: baselineCount },
    attributes: rankAttribution(
      keys.filter((k) => k.key !== ''),
      {
        selectionCount,
        baselineCount,
        skipKeys: new Set(skipKeys),
        maxDistinctValues: MAX_DISTINCT_VALUES,
        limit: ATTRIBUTION_LIMIT,
      },
    ),
    samples: samples.map((row) => row.TraceId),
  };
}

/**
 * Durations are whole nanoseconds: d ≥ x ms ⇔ d ≥ ⌈x·10⁶⌉ ns (and likewise for <). A bound that is a
 * whole number of ns but came back from ms with a float error (a bucket bound) keeps its value.
 */
export function msToCeilNs(ms: number): bigint {
  const ns = ms * 1e6;
  const nearest = Math.round(ns);
  return BigInt(Math.abs(ns - nearest) < 1e-3 ? nearest : Math.ceil(ns));
}
