import { sql } from '@paylens/store';
import { type AttributeShare, type KeyCounts, rankAttribution } from '../analysis/attribution.ts';
import type { TimeRange } from '../http/time-params.ts';
import {
  attributeNamesSql,
  attributionCountsSql,
  linkSpanSelectionSql,
  type SelectionSpec,
  TOTALS_HASH,
} from './attribution-sql.ts';
import type { AnalyticsContext } from './context.ts';
import { andSql, filtersSql } from './filters-sql.ts';
import { linkSpansSource, rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';

/** A key with more distinct values than this in the range is an id, not a cause. */
export const MAX_DISTINCT_VALUES = 1000;
export const ATTRIBUTION_LIMIT = 20;
const SAMPLES = 10;
/** Most values named (read back from a span) per request: the ranked ones, and those tied with the last. */
const MAX_NAMED = 500;

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

interface HashRow {
  hash: string;
  selection: number;
  baseline: number;
  startNs: string;
  spanHash: string;
}

/**
 * What the selected spans of a step have in common, against the step's other spans in the range:
 * each attribute value's share in both, ranked (analysis/attribution.ts), with sample traces.
 * Counting happens over attribute hashes (link spans' Attrs); only the values that rank are named.
 */
export async function stepAttribution(
  ctx: AnalyticsContext,
  query: AttributionQuery,
): Promise<AttributionResult> {
  const coverage = await ctx.coverage();
  const range = rangeFromMs(query.range);
  const selection: SelectionSpec = {
    minNs: query.minMs === undefined ? undefined : msToCeilNs(query.minMs),
    maxNs: query.maxMs === undefined ? undefined : msToCeilNs(query.maxMs),
    outcome: query.outcome,
  };
  const where = andSql([sql`Step = ${query.step}`, filtersSql(query.filters ?? {})]) ?? sql`1`;
  const [rows, samples] = await Promise.all([
    ctx.driver.query<HashRow>(
      attributionCountsSql({
        link: ctx.link,
        coverage,
        range,
        where,
        selection,
        maxDistinct: MAX_DISTINCT_VALUES,
      }),
    ),
    ctx.driver.query<{ TraceId: string }>(sql`
      SELECT TraceId FROM ${linkSpansSource(ctx.link, coverage, range, andSql([where, linkSpanSelectionSql(selection)]), ['TraceId', 'Duration'])}
      GROUP BY TraceId ORDER BY max(Duration) DESC, TraceId LIMIT ${SAMPLES}`),
  ]);
  const totals = rows.find((row) => row.hash === TOTALS_HASH);
  const selectionCount = Number(totals?.selection ?? 0);
  const baselineCount = Number(totals?.baseline ?? 0);
  const options = { selectionCount, baselineCount, maxDistinctValues: MAX_DISTINCT_VALUES };

  // Rank by hash (each hash its own key: the SQL already dropped keys with too many values), then
  // name the ranked values and those tied with the last one, and rank those by name for a stable order.
  const counted = rows.filter((row) => row.hash !== TOTALS_HASH);
  const byHash = new Map(counted.map((row) => [row.hash, row]));
  const asKeys: KeyCounts[] = counted.map((row) => ({
    key: row.hash,
    values: [{ value: '', selection: Number(row.selection), baseline: Number(row.baseline) }],
  }));
  const candidates = rankAttribution(asKeys, { ...options, limit: MAX_NAMED });
  const last = candidates[ATTRIBUTION_LIMIT - 1];
  const named = candidates.filter(
    (c, i) =>
      i < ATTRIBUTION_LIMIT ||
      (last !== undefined &&
        c.selectionShare - c.baselineShare === last.selectionShare - last.baselineShare &&
        c.selection === last.selection),
  );
  const names =
    named.length === 0
      ? []
      : await ctx.driver.query<{ hash: string; key: string; value: string }>(
          attributeNamesSql({
            link: ctx.link,
            coverage,
            range,
            step: query.step,
            hashes: named.map((c) => c.key),
            spans: named.map((c) => byHash.get(c.key) as HashRow),
          }),
        );
  const nameOf = new Map(names.map((n) => [n.hash, n]));
  const keys: KeyCounts[] = named.flatMap((c) => {
    const name = nameOf.get(c.key);
    return name
      ? [{ key: name.key, values: [{ value: name.value, selection: c.selection, baseline: c.baseline }] }]
      : [];
  });
  return {
    step: query.step,
    from: query.range.from,
    to: query.range.to,
    selection: { count: selectionCount },
    baseline: { count: baselineCount },
    attributes: rankAttribution(keys, { ...options, limit: ATTRIBUTION_LIMIT }),
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
