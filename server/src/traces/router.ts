import { Router } from 'express';
import { analyticsContext } from '../analytics/context.ts';
import type { AppDeps } from '../app-deps.ts';
import { journeyViolations } from '../checks/checks-service.ts';
import { parseJourneyKey } from './journey-key.ts';
import { getJourneyView } from './journey-view-service.ts';
import { parseSpanPage } from './page-params.ts';
import { parseTraceSearch } from './search-params.ts';
import { parseTraceId } from './trace-id.ts';
import { searchTraces } from './trace-search-service.ts';
import { getTraceView } from './trace-view-service.ts';
import { waterfallDeps } from './waterfall-deps.ts';

/** Trace search, trace waterfall and journey waterfall under /api/v1. */
export function createTraceViewsRouter(deps: AppDeps): Router {
  const waterfall = waterfallDeps(deps.driver, deps.link, deps.now, (error) =>
    deps.logger.warn({ err: error }, 'step percentiles unavailable'),
  );
  const ctx = analyticsContext(deps);
  const { journeys } = ctx;
  const router = Router();

  router.get('/traces', async (req, res) => {
    const search = parseTraceSearch(req.query, deps.link, deps.now());
    const keyTraces =
      search.key === undefined ? undefined : (await journeys.tracesOf(search.key)).map((ref) => ref.traceId);
    res.json(await searchTraces(deps.driver, deps.link, search, keyTraces));
  });

  router.get('/traces/:traceId', async (req, res) => {
    const traceId = parseTraceId('traceId', req.params.traceId);
    res.json(await getTraceView(waterfall, traceId, parseSpanPage(req.query)));
  });

  router.get('/journeys/:key', async (req, res) => {
    const key = parseJourneyKey('key', req.params.key);
    const refs = await journeys.tracesOf(key);
    const view = await getJourneyView(waterfall, deps.link.journeyKey, key, refs, parseSpanPage(req.query));
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
