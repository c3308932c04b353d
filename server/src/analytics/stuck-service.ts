import { sql, typed, UNSAFE_raw } from '@paylens/store';
import type { TimeRange } from '../http/time-params.ts';
import type { AnalyticsContext } from './context.ts';
import { journeysSql } from './journeys-sql.ts';
import { linkSpansSource, type RangeNs, rangeFromMs } from './link-spans-source.ts';
import type { LinkSpansCoverage } from './link-spans-view.ts';
import type { DimensionFilters } from './params.ts';

export interface StuckQuery {
  /** The step the journeys succeeded at; the next step in link order is the one they lack. */
  after: string;
  graceMs: number;
  /** Spans looked at (default: the last 24 h); "now" is its end. */
  range: TimeRange;
  filters?: DimensionFilters;
  limit?: number;
}

export interface StuckJourney {
  /** The journey key, or the TraceId of a journey without one. */
  key: string;
  traceIds: string[];
  lastStep: string | null;
  /** End of the journey's last-ending span, epoch ms. */
  lastSpanAt: number;
  /** How long it has waited since it succeeded at `after`. */
  ageMs: number;
  /** When it succeeded at `after`, epoch ms. */
  succeededAt: number;
  dimensions: Record<string, string>;
}

export interface StuckResult {
  after: string;
  next: string;
  graceMs: number;
  /** Stuck journeys in the range, beyond the `limit` listed. */
  total: number;
  journeys: StuckJourney[];
}

interface Candidate {
  journey: string;
  succeededAtNs: string;
  total: number;
}

interface Detail {
  journey: string;
  traceIds: string[];
  lastStep: string;
  lastSpanAtNs: string;
  jDims: string[];
}

/**
 * Journeys that succeeded at `after` and have not entered the next step within `graceMs` (a
 * payment "processing" with no callback), oldest first: someone has to chase each of them.
 * Two queries: the stuck journeys from their step masks alone, then the details of the few listed.
 */
export async function stuckJourneys(ctx: AnalyticsContext, query: StuckQuery): Promise<StuckResult> {
  const after = ctx.link.steps.findIndex((step) => step.id === query.after);
  const next = ctx.link.steps[after + 1];
  if (after < 0 || !next) throw new Error(`step '${query.after}' has no next step`);
  const filters = query.filters ?? {};
  const coverage = await ctx.coverage();
  const range = rangeFromMs(query.range);
  const journeys = journeysSql(
    ctx.link,
    linkSpansSource(ctx.link, coverage, range),
    Object.keys(filters),
    filters,
    [],
  );
  const nowNs = BigInt(query.range.to) * 1_000_000n;
  const deadlineNs = nowNs - BigInt(Math.round(query.graceMs * 1e6));
  const a = UNSAFE_raw(String(after));
  const candidates = await ctx.driver.query<Candidate>(sql`
    SELECT journey, toString(jFirstOkEnd[${a} + 1]) AS succeededAtNs, count() OVER () AS total
    FROM ${journeys}
    WHERE bitTest(jSucceeded, ${a}) AND NOT bitTest(jEntered, ${a} + 1)
      AND jFirstOkEnd[${a} + 1] <= ${typed('Int64', deadlineNs.toString())}
    ORDER BY jFirstOkEnd[${a} + 1], journey
    LIMIT ${query.limit ?? 100}`);
  const details = await readDetails(
    ctx,
    coverage,
    range,
    candidates.map((c) => c.journey),
  );
  const dimensions = ctx.link.dimensions;
  return {
    after: query.after,
    next: next.id,
    graceMs: query.graceMs,
    total: Number(candidates[0]?.total ?? 0),
    journeys: candidates.map((candidate) => {
      const detail = details.get(candidate.journey);
      return {
        key: candidate.journey,
        traceIds: [...(detail?.traceIds ?? [])].sort(),
        lastStep: detail?.lastStep || null,
        lastSpanAt: nsToEpochMs(detail?.lastSpanAtNs ?? candidate.succeededAtNs),
        ageMs: Number(nowNs - BigInt(candidate.succeededAtNs)) / 1e6,
        succeededAt: nsToEpochMs(candidate.succeededAtNs),
        dimensions: Object.fromEntries(dimensions.map((d, i) => [d, detail?.jDims[i] ?? ''])),
      };
    }),
  };
}

/** Traces, last span and dimensions of the given journeys (keys, or TraceIds of keyless ones). */
async function readDetails(
  ctx: AnalyticsContext,
  coverage: LinkSpansCoverage | undefined,
  range: RangeNs,
  journeys: string[],
): Promise<Map<string, Detail>> {
  if (journeys.length === 0) return new Map();
  const keyed = linkSpansSource(ctx.link, coverage, range, sql`SpanKey IN ${journeys}`);
  const theirTraces = sql`(TraceId IN (SELECT TraceId FROM ${keyed}) OR TraceId IN ${journeys})`;
  const source = linkSpansSource(ctx.link, coverage, range, theirTraces);
  const rows = await ctx.driver.query<Detail>(sql`
    SELECT journey, traceIds, lastStep, toString(lastSpanAtNs) AS lastSpanAtNs, jDims
    FROM ${journeysSql(ctx.link, source, ctx.link.dimensions, {}, ['traceIds', 'last'])}
    WHERE journey IN ${journeys}`);
  return new Map(rows.map((row) => [row.journey, row]));
}

function nsToEpochMs(ns: string): number {
  const value = BigInt(ns);
  return Number(value / 1_000_000n) + Number(value % 1_000_000n) / 1e6;
}
