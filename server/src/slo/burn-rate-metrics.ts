import { formatRuleDuration } from '../alerts/duration.ts';
import type { MetricGroup, MetricRequest } from '../alerts/metric-source.ts';
import type { AnalyticsContext } from '../analytics/context.ts';
import type { SloSources } from './slo-coverage.ts';
import { budgetRemaining, burnRate } from './slo-maths.ts';
import { windowCounts } from './slo-service.ts';
import { stepSlos } from './slo-steps.ts';

/**
 * burnRate alert metrics for every such rule of a tick, from one SLO count query: per rule, the
 * burn rates over its long and short windows ending at `atMs`. The value compared with the
 * threshold is the lower of the two, so the rule breaks exactly while both burn above it (the SRE
 * workbook's multiwindow alert), and stops when either (in practice the short one) falls back.
 * `count` is the long window's spans (minCount applies to it); a window without spans is no data.
 */
export async function measureBurnRates(
  ctx: Pick<AnalyticsContext, 'driver' | 'link'>,
  sources: SloSources,
  requests: readonly MetricRequest[],
  atMs: number,
): Promise<Map<number, MetricGroup[]>> {
  const slos = new Map(stepSlos(ctx.link).map((slo) => [slo.step, slo]));
  const members = requests.flatMap((request, index) => {
    const slo = slos.get(request.step);
    return request.metric === 'burnRate' && slo && request.shortWindowMs !== undefined
      ? [{ request, index, slo, shortMs: request.shortWindowMs }]
      : [];
  });
  const answers = new Map<number, MetricGroup[]>();
  if (members.length === 0) return answers;
  const windowsMs = [...new Set(members.flatMap((m) => [m.request.windowMs, m.shortMs, m.slo.windowMs]))];
  const steps = [...new Set(members.map((m) => m.request.step))];
  const counts = await windowCounts(ctx, sources, steps, atMs, windowsMs);
  for (const { request, index, slo, shortMs } of members) {
    const of = (ms: number) => counts.get(request.step)![windowsMs.indexOf(ms)]!;
    const long = of(request.windowMs);
    if (long.total === 0) {
      answers.set(index, []);
      continue;
    }
    const longRate = burnRate(long, slo.objective);
    const shortRate = burnRate(of(shortMs), slo.objective);
    const value = longRate === null || shortRate === null ? null : Math.min(longRate, shortRate);
    answers.set(index, [
      {
        dimensions: {},
        count: long.total,
        value,
        slo: {
          step: slo.step,
          objective: slo.objective,
          latencyMs: slo.latencyMs ?? null,
          window: slo.window,
          budgetRemaining: budgetRemaining(of(slo.windowMs), slo.objective),
          longWindow: { window: formatRuleDuration(request.windowMs), burnRate: longRate },
          shortWindow: { window: formatRuleDuration(shortMs), burnRate: shortRate },
        },
      },
    ]);
  }
  return answers;
}
