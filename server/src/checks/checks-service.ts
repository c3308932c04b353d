import { type SqlFragment, sql, typed } from '@paylens/store';
import { autoBucketMs, bucketStarts, fillBuckets } from '../analysis/series-buckets.ts';
import { type DecimalText, decimalText } from '../analysis/value-sums.ts';
import type { AnalyticsContext } from '../analytics/context.ts';
import { linkSpansSource, type RangeNs, rangeFromMs } from '../analytics/link-spans-source.ts';
import type { TimeRange } from '../http/time-params.ts';
import { tracesFromQuery } from '../journeys/trace-set.ts';
import {
  type CheckDefinition,
  type CheckKind,
  checkSteps,
  checkTitle,
  type Severity,
} from '../link/check-schema.ts';
import { linkChecks } from '../link/definition.ts';
import { CHECK_SPAN_COLUMNS, judgedRowsSql, storedJudgedRowsSql } from './judged-rows-sql.ts';
import { spanIdsOf } from './span-ids.ts';
import {
  type SummaryRow,
  storedSummaries,
  storedViolations,
  type ViolationRow,
} from './stored-check-passes.ts';
import { violationDetail } from './violation-detail.ts';

export interface CheckQuery {
  range: TimeRange;
  /** The request's "now": followedBy judges a span once its window has passed min(now, to). */
  nowMs: number;
  /** Resolve traces to journeys in SQL even where the store could (tests compare the two). */
  spanBySpan?: boolean;
}

export interface ViolationSample {
  key: string;
  traceIds: string[];
  /** Epoch ms. */
  at: number;
  detail: string;
}

export interface CheckSummary {
  id: string;
  title: string;
  kind: CheckKind;
  step: string;
  severity: Severity;
  journeys: number;
  violations: number;
  rate: number | null;
  samples: ViolationSample[];
  /** Violations per bucket of the range, by `at`. */
  trend: { bucketMs: number; points: { t: number; violations: number }[] };
}

export interface CheckViolation extends ViolationSample {
  spanIds: string[];
  /** What the journey is worth (the link's `value`), null when unknown. */
  value: DecimalText | null;
  currency: string | null;
}

/** Samples per check in the summary: the newest. */
export const SAMPLES = 5;

const nsOf = (ms: number) => BigInt(ms) * 1_000_000n;
const msOf = (ns: string | bigint) => {
  const value = BigInt(ns);
  return Number(value / 1_000_000n) + Number(value % 1_000_000n) / 1e6;
};

/**
 * The checks' pass over [fromNs, toNs): their steps' spans, each in its journey; from the stored
 * journeys when the store answers for the range, else from the link spans (and for a given set of
 * traces, `where`/`traceJourneys`: the journey view).
 */
async function judged(
  ctx: AnalyticsContext,
  checks: readonly CheckDefinition[],
  range: RangeNs,
  nowNs: bigint,
  options: { where?: SqlFragment; spanBySpan?: boolean; traceJourneys?: SqlFragment } = {},
): Promise<SqlFragment> {
  const { where } = options;
  if (!where && !options.traceJourneys) {
    const stored = await ctx.journeys.checkJourneysIn(range, options);
    if (stored) return storedJudgedRowsSql(ctx.link, stored.all, checks, range, nowNs);
  }
  const steps = [...new Set(checks.flatMap(checkSteps))];
  const condition = where ? sql`Step IN ${steps} AND ${where}` : sql`Step IN ${steps}`;
  const spans = linkSpansSource(ctx.link, await ctx.coverage(), range, condition, CHECK_SPAN_COLUMNS);
  const traceJourneys =
    options.traceJourneys ?? (await ctx.journeys.traceJourneysIn(range, tracesFromQuery(spans), options));
  return judgedRowsSql({ checks, spans, traceJourneys, nowNs });
}

/** "now" for a range: its end, unless that is still to come. */
function judgedUntilNs(query: CheckQuery): bigint {
  return nsOf(Math.min(query.range.to, query.nowMs));
}

/** Every check of the link over the range (DESIGN.md "Consistency checks"). */
export async function checkSummaries(ctx: AnalyticsContext, query: CheckQuery) {
  const checks = linkChecks(ctx.link);
  const { from, to } = query.range;
  const bucketMs = autoBucketMs(from, to);
  const firstBucketMs = Math.floor(from / bucketMs) * bucketMs;
  const range = rangeFromMs(query.range);
  const stored = checks.length === 0 ? undefined : await ctx.journeys.checkJourneysIn(range, query);
  const buckets = { firstNs: nsOf(firstBucketMs), widthNs: nsOf(bucketMs) };
  const rows =
    checks.length === 0
      ? []
      : stored
        ? await storedSummaries(
            ctx.driver,
            ctx.link,
            stored,
            checks,
            range,
            judgedUntilNs(query),
            buckets,
            SAMPLES,
          )
        : await ctx.driver.query<SummaryRow>(sql`
    SELECT ci, count() AS journeys, countIf(violated) AS violations,
      arrayMap(x -> (toString(-x.1), x.2, x.3, x.4, toString(x.5)),
        groupArraySortedIf(${SAMPLES})((-atNs, Journey, Traces, n, gapNs), violated)) AS samples,
      sumMapIf([intDiv(atNs - ${buckets.firstNs}, ${buckets.widthNs})], [toUInt64(1)], violated) AS buckets
    FROM ${await judged(ctx, checks, range, judgedUntilNs(query), { ...query, spanBySpan: true })}
    GROUP BY ci`);
  const byCheck = new Map(rows.map((row) => [Number(row.ci), row]));
  const starts = bucketStarts(from, to, bucketMs);
  return {
    from,
    to,
    checks: checks.map((check, ci): CheckSummary => {
      const row = byCheck.get(ci);
      const journeys = Number(row?.journeys ?? 0);
      const violations = Number(row?.violations ?? 0);
      const [indexes, counts] = row?.buckets ?? [[], []];
      const observed = indexes.map((index, i) => ({
        t: firstBucketMs + Number(index) * bucketMs,
        violations: Number(counts[i] ?? 0),
      }));
      return {
        id: check.id,
        title: checkTitle(check),
        kind: check.kind,
        step: check.step,
        severity: check.severity,
        journeys,
        violations,
        rate: journeys > 0 ? violations / journeys : null,
        samples: (row?.samples ?? []).map(([atNs, key, traces, n, gapNs]) => ({
          key,
          traceIds: traces,
          at: msOf(atNs),
          detail: violationDetail(check, Number(n), BigInt(gapNs)),
        })),
        trend: { bucketMs, points: fillBuckets(observed, starts, (t) => ({ t, violations: 0 })) },
      };
    }),
  };
}

/** One check's violating journeys in the range, newest first, with the offending spans. */
export async function checkViolations(
  ctx: AnalyticsContext,
  query: CheckQuery & { check: CheckDefinition; limit: number },
) {
  const range = rangeFromMs(query.range);
  const stored = await ctx.journeys.checkJourneysIn(range, query);
  const { total, rows } = stored
    ? await storedViolations(
        ctx.driver,
        ctx.link,
        stored,
        query.check,
        range,
        judgedUntilNs(query),
        query.limit,
      )
    : await violationsBySpans(ctx, query, range);
  const spanIds = await spanIdsOf(
    ctx.driver,
    range,
    rows.flatMap((row) => row.Traces),
    rows.flatMap((row) => row.hashes),
  );
  const worth = await journeyWorth(
    ctx,
    rows.map((row) => row.Journey),
  );
  return {
    id: query.check.id,
    total,
    violations: rows.map(
      (row): CheckViolation => ({
        key: row.Journey,
        traceIds: row.Traces,
        at: msOf(row.atNs),
        detail: violationDetail(query.check, Number(row.n), BigInt(row.gapNs)),
        spanIds: row.hashes
          .map((h) => spanIds.get(h) ?? '')
          .filter(Boolean)
          .sort(),
        value: worth.get(row.Journey)?.value ?? null,
        currency: worth.get(row.Journey)?.currency ?? null,
      }),
    ),
  };
}

/** checkViolations' list from the link spans grouped by journey (the store does not answer). */
async function violationsBySpans(
  ctx: AnalyticsContext,
  query: CheckQuery & { check: CheckDefinition; limit: number },
  range: RangeNs,
): Promise<{ total: number; rows: ViolationRow[] }> {
  const rows = await ctx.driver.query<ViolationRow & { total: number }>(sql`
    SELECT Journey, Traces, toString(atNs) AS atNs, arrayMap(h -> toString(h), hashes) AS hashes, n,
      toString(gapNs) AS gapNs, count() OVER () AS total
    FROM ${await judged(ctx, [query.check], range, judgedUntilNs(query), { ...query, spanBySpan: true })}
    WHERE violated
    ORDER BY atNs DESC, Journey
    LIMIT ${query.limit}`);
  return { total: Number(rows[0]?.total ?? 0), rows };
}

/** The built journeys' values and currencies (the link's `value`), by journey key. */
async function journeyWorth(
  ctx: AnalyticsContext,
  keys: readonly string[],
): Promise<Map<string, { value: DecimalText | null; currency: string | null }>> {
  if (keys.length === 0 || !ctx.link.value) return new Map();
  const rows = await ctx.driver.query<{ Journey: string; valueText: string | null; Currency: string }>(sql`
    SELECT Journey, toString(Value) AS valueText, Currency FROM paylens_journeys FINAL
    WHERE LinkVersion = ${ctx.journeys.version}
      AND JourneyHash IN (SELECT cityHash64(arrayJoin(${typed('Array(String)', [...keys])}))) AND Journey IN ${[...keys]}`);
  return new Map(
    rows.map((row) => [
      row.Journey,
      {
        value: row.valueText === null ? null : decimalText(row.valueText),
        currency: row.Currency || null,
      },
    ]),
  );
}

/**
 * The checks a journey violates, with the offending spans, over the spans of the traces the
 * journey view shows (`traceIds`, named by the journey model) in `window`: what the waterfall
 * marks. A span carrying another journey's key stays out, as everywhere.
 */
export async function journeyViolations(
  ctx: AnalyticsContext,
  query: { key: string; traceIds: readonly string[]; window: RangeNs; nowMs: number },
): Promise<{ check: string; spanIds: string[] }[]> {
  const checks = linkChecks(ctx.link);
  if (checks.length === 0 || query.traceIds.length === 0) return [];
  // The window's end is the journey's last span end: spans start before it.
  const range = { fromNs: query.window.fromNs, toNs: query.window.toNs + 1n };
  const rows = await ctx.driver.query<{ ci: number; hashes: string[] }>(sql`
    SELECT ci, arrayMap(h -> toString(h), hashes) AS hashes
    FROM ${await judged(ctx, checks, range, nsOf(query.nowMs), {
      where: sql`TraceId IN ${[...query.traceIds]}`,
      // The view's traces are the journey's (the model named them): no lookup of their journey.
      traceJourneys: sql`(SELECT arrayJoin(${[...query.traceIds]}) AS TraceId, ${query.key} AS Journey)`,
    })}
    WHERE violated AND Journey = ${query.key}
    ORDER BY ci`);
  const spanIds = await spanIdsOf(
    ctx.driver,
    range,
    query.traceIds,
    rows.flatMap((row) => row.hashes),
  );
  return rows.map((row) => ({
    check: checks[Number(row.ci)]!.id,
    spanIds: row.hashes
      .map((h) => spanIds.get(h) ?? '')
      .filter(Boolean)
      .sort(),
  }));
}

/** Spans before an alert's window that a check still reads, so a Try just before it is seen. */
export const ALERT_CONTEXT_MS = 5 * 60_000;

export interface WindowViolations {
  /** Journeys judged over the window and its context. */
  journeys: number;
  /** Violating journeys whose `at` falls in [atMs − windowMs, atMs). */
  violations: number;
  /** The newest of them. */
  samples: { key: string; traceIds: string[] }[];
}

/**
 * The alert metric `violations`: one check over the window, reading spans from a little before it
 * (ALERT_CONTEXT_MS, plus followedBy's withinMs so a violation whose `at` lands in the window is
 * judged), judged as of `atMs`.
 */
export async function windowViolations(
  ctx: AnalyticsContext,
  check: CheckDefinition,
  query: { windowMs: number; atMs: number; samples: number },
): Promise<WindowViolations> {
  const lookBackMs = ALERT_CONTEXT_MS + (check.kind === 'followedBy' ? check.withinMs : 0);
  const windowFromNs = nsOf(query.atMs - query.windowMs);
  const toNs = nsOf(query.atMs);
  const range = { fromNs: nsOf(query.atMs - query.windowMs - lookBackMs), toNs };
  const inWindow = sql`violated AND atNs >= ${windowFromNs} AND atNs < ${toNs}`;
  const [row] = await ctx.driver.query<{
    journeys: number;
    violations: number;
    samples: [string, string[]][];
  }>(sql`
    SELECT count() AS journeys, countIf(${inWindow}) AS violations,
      arrayMap(x -> (x.2, x.3), groupArraySortedIf(${query.samples})((-atNs, Journey, Traces), ${inWindow})) AS samples
    FROM ${await judged(ctx, [check], range, toNs)}`);
  return {
    journeys: Number(row?.journeys ?? 0),
    violations: Number(row?.violations ?? 0),
    samples: (row?.samples ?? []).map(([key, traceIds]) => ({ key, traceIds })),
  };
}
