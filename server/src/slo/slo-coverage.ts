import type { AnalyticsContext } from '../analytics/context.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import { ensureSloMinutesView, readSloMinutesCoverage, type SloMinutesCoverage } from './slo-minutes-view.ts';

/** Where SLO counts come from: the link spans (as every analytics read), and the SLO minutes from when. */
export interface SloSources {
  linkSpans: LinkSpansCoverage | undefined;
  /** Epoch ms from which paylens_slo_minutes is complete; undefined: count span by span. */
  rollupFromMs: number | undefined;
}

/** Re-read the recorded coverage this often, so a process notices another replacing the view. */
const COVERAGE_TTL_MS = 30_000;

interface Cached {
  ready: Promise<SloMinutesCoverage | undefined>;
  read?: { atMs: number; value: Promise<SloMinutesCoverage | undefined> };
}
const cache = new WeakMap<AnalyticsContext, Cached>();

/**
 * The SLO sources of an analytics context. The first call makes sure the SLO minutes view counts
 * with the context's link (after the link spans view, which it reads); until then, or if that
 * fails, counts are read span by span.
 */
export async function sloSources(
  ctx: AnalyticsContext,
  cluster?: string,
  /**
   * Whether this context's link owns the SLO minutes (the default link: one view counts one link's
   * SLOs). Another link reads its counts span by span and never replaces the view.
   */
  ownsMinutes = true,
): Promise<SloSources> {
  const linkSpans = await ctx.coverage();
  let cached = cache.get(ctx);
  if (!cached) {
    const ensure = () =>
      ownsMinutes
        ? ensureSloMinutesView(ctx.driver, ctx.link, cluster)
        : readSloMinutesCoverage(ctx.driver, ctx.link);
    cached = {
      ready: (linkSpans ? ensure() : Promise.resolve(undefined)).catch(() => undefined),
    };
    cache.set(ctx, cached);
  }
  const ready = await cached.ready;
  if (!ready || !linkSpans) return { linkSpans, rollupFromMs: undefined };
  const nowMs = Date.now();
  if (!cached.read || nowMs - cached.read.atMs > COVERAGE_TTL_MS)
    cached.read = { atMs: nowMs, value: readSloMinutesCoverage(ctx.driver, ctx.link).catch(() => undefined) };
  const current = await cached.read.value;
  if (!current) return { linkSpans, rollupFromMs: undefined };
  // The minutes are fed from the link spans: never trusted before those are.
  const ceilMs = (ns: bigint) => Number((ns + 999_999n) / 1_000_000n);
  return { linkSpans, rollupFromMs: Math.max(ceilMs(current.fromNs), ceilMs(linkSpans.coveredFromNs)) };
}
