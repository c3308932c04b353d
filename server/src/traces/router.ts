import { Router } from 'express';
import { contextFor } from '../analytics/context.ts';
import type { AppDeps } from '../app-deps.ts';
import { journeyViolations } from '../checks/checks-service.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { parseJourneyKey } from './journey-key.ts';
import { getJourneyView } from './journey-view-service.ts';
import { parseSpanPage } from './page-params.ts';
import { parseTraceSearch } from './search-params.ts';
import { parseTraceId } from './trace-id.ts';
import { searchTraces } from './trace-search-service.ts';
import { getTraceView } from './trace-view-service.ts';
import { waterfallDeps } from './waterfall-deps.ts';
import type { WaterfallDeps } from './waterfall-loader.ts';

/** Trace search, trace waterfall and journey waterfall under /api/v1. */
export function createTraceViewsRouter(deps: AppDeps): Router {
  const waterfalls = new Map<LinkDefinition, WaterfallDeps>();
  /** The waterfall readers of a link (its steps name the spans), made once per link. */
  const waterfallOf = (link: LinkDefinition): WaterfallDeps => {
    let made = waterfalls.get(link);
    if (!made) {
      made = waterfallDeps(deps.driver, link, deps.now, (error) =>
        deps.logger.warn({ err: error }, 'step percentiles unavailable'),
      );
      waterfalls.set(link, made);
    }
    return made;
  };
  const router = Router();

  router.get('/traces', async (req, res) => {
    const ctx = contextFor(deps, req.query);
    const search = parseTraceSearch(req.query, ctx.link, deps.now());
    const keyTraces =
      search.key === undefined
        ? undefined
        : (await ctx.journeys.tracesOf(search.key)).map((ref) => ref.traceId);
    res.json(await searchTraces(deps.driver, ctx.link, search, keyTraces));
  });

  router.get('/traces/:traceId', async (req, res) => {
    const ctx = contextFor(deps, req.query);
    const traceId = parseTraceId('traceId', req.params.traceId);
    res.json(await getTraceView(waterfallOf(ctx.link), traceId, parseSpanPage(req.query)));
  });

  router.get('/journeys/:key', async (req, res) => {
    const ctx = contextFor(deps, req.query);
    const key = parseJourneyKey('key', req.params.key);
    const refs = await ctx.journeys.tracesOf(key);
    const view = await getJourneyView(
      waterfallOf(ctx.link),
      ctx.link.journeyKey,
      key,
      refs,
      parseSpanPage(req.query),
    );
    const fromNs = BigInt(view.startTimeUnixNano);
    const window = { fromNs, toNs: fromNs + BigInt(Math.ceil(view.durationMs * 1e6)) };
    const violations = await journeyViolations(ctx, {
      key,
      traceIds: view.traceIds,
      window,
      nowMs: deps.now(),
    });
    res.json({ ...view, violations });
  });

  return router;
}
