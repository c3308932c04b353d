import type { AnalyticsContext } from '../analytics/context.ts';
import { planWindowCounts, splitRange } from './count-plan.ts';
import { planSeries, rollingCounts } from './series-plan.ts';
import { type SloSources, sloSources } from './slo-coverage.ts';
import { budgetRemaining, burnRate, type GoodTotal, sli } from './slo-maths.ts';
import { cellCountsSql, windowCountsSql } from './slo-sql.ts';
import { type StepSlo, stepSlos } from './slo-steps.ts';

/** The burn-rate windows every SLO reports (the SRE workbook's multiwindow alerts read them). */
export const BURN_WINDOWS = {
  '5m': 300_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '6h': 21_600_000,
  '3d': 259_200_000,
} as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;

/**
 * Exact good and total counts per step over windows [atMs − w, atMs): whole minutes from the SLO
 * minutes where they are complete, the rest span by span, in one query. Steps without spans get zeros.
 */
export async function windowCounts(
  ctx: Pick<AnalyticsContext, 'driver' | 'link'>,
  sources: SloSources,
  steps: readonly string[],
  atMs: number,
  windowsMs: readonly number[],
): Promise<Map<string, GoodTotal[]>> {
  const plan = planWindowCounts(atMs, windowsMs, sources.rollupFromMs);
  const answer = await ctx.driver.query<{
    Step: string;
    totals: (number | string)[];
    goods: (number | string)[];
  }>(windowCountsSql(ctx.link, sources.linkSpans, steps, plan));
  const counts = new Map(steps.map((step) => [step, windowsMs.map(() => ({ total: 0, good: 0 }))]));
  for (const row of answer)
    counts.set(
      row.Step,
      windowsMs.map((_, i) => ({ total: Number(row.totals[i] ?? 0), good: Number(row.goods[i] ?? 0) })),
    );
  return counts;
}

export interface SloStatus {
  step: string;
  title: string;
  objective: number;
  latencyMs: number | null;
  window: string;
  windowMs: number;
  total: number;
  good: number;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: Record<BurnWindow, number | null>;
  /** The counts behind each burn rate. */
  burnCounts: Record<BurnWindow, GoodTotal>;
}

const BURN_NAMES = Object.keys(BURN_WINDOWS) as BurnWindow[];

/** Every SLO of the link over its window ending at `atMs`, with its burn rates. */
export async function sloReport(
  ctx: AnalyticsContext,
  query: { atMs: number },
  sources?: SloSources,
): Promise<{ at: number; slos: SloStatus[] }> {
  const slos = stepSlos(ctx.link);
  if (slos.length === 0) return { at: query.atMs, slos: [] };
  const windowsMs = [...new Set([...slos.map((slo) => slo.windowMs), ...Object.values(BURN_WINDOWS)])];
  const counts = await windowCounts(
    ctx,
    sources ?? (await sloSources(ctx)),
    slos.map((slo) => slo.step),
    query.atMs,
    windowsMs,
  );
  return { at: query.atMs, slos: slos.map((slo) => status(slo, counts.get(slo.step)!, windowsMs)) };
}

function status(slo: StepSlo, counts: readonly GoodTotal[], windowsMs: readonly number[]): SloStatus {
  const of = (ms: number) => counts[windowsMs.indexOf(ms)]!;
  const whole = of(slo.windowMs);
  const burnCounts = Object.fromEntries(BURN_NAMES.map((name) => [name, of(BURN_WINDOWS[name])])) as Record<
    BurnWindow,
    GoodTotal
  >;
  return {
    step: slo.step,
    title: slo.title,
    objective: slo.objective,
    latencyMs: slo.latencyMs ?? null,
    window: slo.window,
    windowMs: slo.windowMs,
    total: whole.total,
    good: whole.good,
    sli: sli(whole),
    budgetRemaining: budgetRemaining(whole, slo.objective),
    burnRates: Object.fromEntries(
      BURN_NAMES.map((name) => [name, burnRate(burnCounts[name], slo.objective)]),
    ) as Record<BurnWindow, number | null>,
    burnCounts,
  };
}

export interface SloSeriesPoint extends GoodTotal {
  /** End of the SLO window this point covers, epoch ms: a multiple of bucketMs, or the range's end. */
  t: number;
  sli: number | null;
  budgetRemaining: number | null;
}

export interface SloSeries {
  step: string;
  objective: number;
  windowMs: number;
  bucketMs: number;
  points: SloSeriesPoint[];
}

/**
 * Budget remaining over time: at each bucket boundary in the range and at its end, over the SLO
 * window ending there.
 */
export async function sloSeries(
  ctx: AnalyticsContext,
  query: { step: string; range: { from: number; to: number }; bucketMs: number },
  sources?: SloSources,
): Promise<SloSeries> {
  const slo = stepSlos(ctx.link).find((candidate) => candidate.step === query.step);
  if (!slo) throw new Error(`step ${query.step} has no SLO`);
  const base = { step: slo.step, objective: slo.objective, windowMs: slo.windowMs, bucketMs: query.bucketMs };
  const from = sources ?? (await sloSources(ctx));
  const point = (t: number, counts: GoodTotal): SloSeriesPoint => ({
    t,
    ...counts,
    sli: sli(counts),
    budgetRemaining: budgetRemaining(counts, slo.objective),
  });
  const points: SloSeriesPoint[] = [];
  const plan = planSeries({ fromMs: query.range.from, toMs: query.range.to }, query.bucketMs, slo.windowMs);
  if (plan) {
    const split = splitRange(plan.read, from.rollupFromMs);
    const rows = await ctx.driver.query<{ cell: number; total: number; good: number }>(
      cellCountsSql(ctx.link, from.linkSpans, slo.step, split, plan.cellMs),
    );
    const cells = new Map(
      rows.map((row) => [Number(row.cell), { total: Number(row.total), good: Number(row.good) }]),
    );
    points.push(
      ...rollingCounts(plan, slo.windowMs, cells).map((counts, i) => point(plan.points[i]!, counts)),
    );
  }
  // The range's end as the last point (what /slos answers at it), so the chart reaches "now".
  if (points.at(-1)?.t !== query.range.to) {
    const counts = await windowCounts(ctx, from, [slo.step], query.range.to, [slo.windowMs]);
    points.push(point(query.range.to, counts.get(slo.step)![0]!));
  }
  return { ...base, points };
}
