import { sql, typed, UNSAFE_raw } from '@paylens/store';
import {
  type CurrencyAmount,
  currencyAmounts,
  type DecimalText,
  decimalText,
} from '../analysis/value-sums.ts';
import type { TimeRange } from '../http/time-params.ts';
import { journeyFiltersSql } from '../journeys/journey-filters-sql.ts';
import { funnelSteps } from '../link/definition.ts';
import type { AnalyticsContext } from './context.ts';
import { rangeFromMs } from './link-spans-source.ts';
import type { DimensionFilters } from './params.ts';
import { valueOverAllRowsSql } from './value-sql.ts';

export interface StuckQuery {
  /** The step the journeys succeeded at; the next step in link order is the one they lack. */
  after: string;
  graceMs: number;
  /** Journeys that started in it (default: the last 24 h); "now" is its end. */
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
  /** What the journey is worth (exact decimal text), null when it carries no value. */
  value: DecimalText | null;
  currency: string;
}

export interface StuckResult {
  after: string;
  next: string;
  graceMs: number;
  /** Stuck journeys in the range, beyond the `limit` listed. */
  total: number;
  journeys: StuckJourney[];
  /** The values of all `total` stuck journeys (not only those listed), per currency. */
  valueAtRisk: CurrencyAmount[];
}

interface Row {
  Journey: string;
  Traces: string[];
  LastStep: string;
  lastSpanAtNs: string;
  succeededAtNs: string;
  Dims: string[];
  total: number;
  valueText: string | null;
  Currency: string;
  riskCurrencies: string[];
  riskAmounts: string[];
}

/**
 * Journeys that started in the range, succeeded at `after` and have not entered the next step
 * within `graceMs` of that success (a payment "processing" with no callback), oldest first:
 * someone has to chase each of them. `total` counts them all, `limit` are listed.
 */
export async function stuckJourneys(ctx: AnalyticsContext, query: StuckQuery): Promise<StuckResult> {
  // The next stage of the funnel: compensation steps (inFunnel: false) are no stage.
  const stages = funnelSteps(ctx.link);
  const next = stages[stages.findIndex((step) => step.id === query.after) + 1];
  const after = ctx.link.steps.findIndex((step) => step.id === query.after);
  if (after < 0 || !next || !stages.some((step) => step.id === query.after))
    throw new Error(`step '${query.after}' has no next step in the funnel`);
  const source = await ctx.journeys.journeysSource(rangeFromMs(query.range));
  const nowNs = BigInt(query.range.to) * 1_000_000n;
  const deadlineNs = nowNs - BigInt(Math.round(query.graceMs * 1e6));
  const a = UNSAFE_raw(String(after));
  // Waiting holds (stage, FirstOkEnd) for each stage succeeded at whose next stage was not entered.
  const waiting = sql`(SELECT *, arrayFirst(w -> w.1 = ${a}, Waiting).2 AS since FROM ${source.rows}
      WHERE arrayExists(w -> w.1 = ${a} AND w.2 <= ${typed('Int64', deadlineNs.toString())}, Waiting)
        AND ${journeyFiltersSql(ctx.link, query.filters ?? {})})`;
  const limit = query.limit ?? 100;
  const listed = sql`Journey, Traces, LastStep, toString(LastSpanAt) AS lastSpanAtNs, Dims,
    toString(since) AS succeededAtNs, toString(Value) AS valueText, Currency`;
  let rows: ListedRow[];
  let all: TotalsRow | undefined;
  if (source.stored) {
    // From the store, in two reads: the stuck journeys over narrow columns (a day holds a million
    // journeys: no keys, traces or dimensions), then the listed ones in full by hash.
    const found = await ctx.driver.query<TotalsRow & { JourneyHash: string }>(sql`
      SELECT toString(JourneyHash) AS JourneyHash, count() OVER () AS total, ${valueOverAllRowsSql()}
      FROM ${waiting} ORDER BY since LIMIT ${limit} WITH TIES`);
    all = found[0];
    rows =
      found.length === 0
        ? []
        : await ctx.driver.query<ListedRow>(sql`
      SELECT ${listed} FROM ${waiting}
      WHERE JourneyHash IN (SELECT toUInt64(arrayJoin(${typed(
        'Array(String)',
        found.map((row) => row.JourneyHash),
      )})))
      ORDER BY since, Journey LIMIT ${limit}`);
  } else {
    const found = await ctx.driver.query<Row>(sql`
      SELECT ${listed}, count() OVER () AS total, ${valueOverAllRowsSql()}
      FROM ${waiting} ORDER BY since, Journey LIMIT ${limit}`);
    all = found[0];
    rows = found;
  }
  return {
    after: query.after,
    next: next.id,
    graceMs: query.graceMs,
    total: Number(all?.total ?? 0),
    valueAtRisk: all ? currencyAmounts(all.riskCurrencies, all.riskAmounts) : [],
    journeys: rows.map((row) => ({
      key: row.Journey,
      traceIds: [...row.Traces].sort(),
      lastStep: row.LastStep || null,
      lastSpanAt: nsToEpochMs(row.lastSpanAtNs),
      ageMs: Number(nowNs - BigInt(row.succeededAtNs)) / 1e6,
      succeededAt: nsToEpochMs(row.succeededAtNs),
      dimensions: Object.fromEntries(ctx.link.dimensions.map((d, i) => [d, row.Dims[i] ?? ''])),
      value: row.valueText === null ? null : decimalText(row.valueText),
      currency: row.Currency,
    })),
  };
}

/** A stuck journey's listed fields. */
type ListedRow = Omit<Row, keyof TotalsRow>;
/** What every stuck journey adds up to (the same on each row of a query). */
type TotalsRow = Pick<Row, 'total' | 'riskCurrencies' | 'riskAmounts'>;

function nsToEpochMs(ns: string): number {
  const value = BigInt(ns);
  return Number(value / 1_000_000n) + Number(value % 1_000_000n) / 1e6;
}
