import { expect } from 'vitest';
import type { AnalyticsContext } from '../../server/src/analytics/context.ts';
import { type FunnelQuery, funnel } from '../../server/src/analytics/funnel-service.ts';
import type { Range } from '../fixtures/analytics-expected.ts';
import { valueFigures } from './journey-worth.ts';

/** The funnel counted from the journeys themselves, as a range shorter than 3 h is (no rollup). */
export function exactFunnel(ctx: AnalyticsContext, query: FunnelQuery) {
  const store = ctx.journeys;
  const journeys = Object.assign(Object.create(store) as typeof store, {
    funnelSlots: async () => undefined,
    journeysIn: (range: Parameters<typeof store.journeysIn>[0]) => store.journeysIn(range),
    journeysSource: (range: Parameters<typeof store.journeysSource>[0]) => store.journeysSource(range),
  });
  return funnel({ ...ctx, journeys }, query);
}

/** The funnel counted from journeys assembled from the spans, as before the store caught up. */
export function spanBySpanFunnel(ctx: AnalyticsContext, query: FunnelQuery) {
  const store = ctx.journeys;
  const journeys = Object.assign(Object.create(store) as typeof store, {
    funnelSlots: async () => undefined,
    journeysSource: (range: Parameters<typeof store.journeysSource>[0]) =>
      store.journeysSource(range, { spanBySpan: true }),
  });
  return funnel({ ...ctx, journeys }, query);
}

/**
 * Every value figure of the funnel over `r`, whole and per channel, equals the exact path's (its
 * values summed apart from the stored journeys) and the span-by-span path's (summed in its pass).
 */
export async function expectValuesAsExact(ctx: AnalyticsContext, r: Range): Promise<void> {
  for (const groupBy of [[], ['payment.channel']]) {
    const query = { range: r, groupBy };
    const exact = valueFigures(await exactFunnel(ctx, query));
    expect(valueFigures(await funnel(ctx, query))).toEqual(exact);
    expect(valueFigures(await spanBySpanFunnel(ctx, query))).toEqual(exact);
  }
}
