import { Router } from 'express';
import { autoBucketMs, MAX_SERIES_POINTS } from '../analysis/series-buckets.ts';
import type { AppDeps } from '../app-deps.ts';
import { badRequest } from '../http/api-error.ts';
import { createTraceViewsRouter } from '../traces/router.ts';
import { withPrevious } from './compare.ts';
import { analyticsContext } from './context.ts';
import { parseCompare } from './drilldown-params.ts';
import { createDrilldownRouter } from './drilldown-router.ts';
import { funnel } from './funnel-service.ts';
import { linkView } from './link-view.ts';
import {
  parseCount,
  parseDuration,
  parseFilters,
  parseGroupBy,
  parseRange,
  parseStep,
  rejectUnknown,
} from './params.ts';
import { stepSeries } from './series-service.ts';
import { stepStats } from './steps-service.ts';
import { stuckJourneys } from './stuck-service.ts';
import { timeoutAnalysis } from './timeouts-service.ts';

const DAY_MS = 86_400_000;

/** Payment-link analytics and trace views under /api/v1 (link, steps, timeouts, funnel, traces…). */
export function createAnalyticsRouter(deps: AppDeps): Router {
  const ctx = analyticsContext(deps);
  const { link } = deps;
  const router = Router();

  router.get('/link', (req, res) => {
    rejectUnknown(req.query, [], link);
    res.json(linkView(link));
  });

  router.get('/steps', async (req, res) => {
    rejectUnknown(req.query, ['from', 'to', 'groupBy', 'compare'], link);
    const range = parseRange(req.query, deps.now());
    const groupBy = parseGroupBy(req.query.groupBy, link);
    const filters = parseFilters(req.query, link);
    const compareMs = parseCompare(req.query.compare);
    res.json(await withPrevious(range, compareMs, (r) => stepStats(ctx, { range: r, groupBy, filters })));
  });

  router.get('/steps/series', async (req, res) => {
    rejectUnknown(req.query, ['step', 'from', 'to', 'bucket'], link);
    const step = parseStep('step', req.query.step, link);
    const range = parseRange(req.query, deps.now());
    const bucketMs =
      req.query.bucket === undefined
        ? autoBucketMs(range.from, range.to)
        : parseDuration('bucket', req.query.bucket, 1000, DAY_MS);
    if ((range.to - range.from) / bucketMs > MAX_SERIES_POINTS) {
      throw badRequest(`parameter 'bucket' is too small: more than ${MAX_SERIES_POINTS} points in the range`);
    }
    res.json(await stepSeries(ctx, { step, range, bucketMs, filters: parseFilters(req.query, link) }));
  });

  router.get('/timeouts', async (req, res) => {
    rejectUnknown(req.query, ['from', 'to', 'limit', 'compare'], link);
    const range = parseRange(req.query, deps.now());
    const limit = req.query.limit === undefined ? 50 : parseCount('limit', req.query.limit, 1, 1000);
    const filters = parseFilters(req.query, link);
    const compareMs = parseCompare(req.query.compare);
    res.json(await withPrevious(range, compareMs, (r) => timeoutAnalysis(ctx, { range: r, limit, filters })));
  });

  router.get('/funnel', async (req, res) => {
    rejectUnknown(req.query, ['from', 'to', 'groupBy', 'compare'], link);
    const range = parseRange(req.query, deps.now());
    const groupBy = parseGroupBy(req.query.groupBy, link);
    const filters = parseFilters(req.query, link);
    const compareMs = parseCompare(req.query.compare);
    res.json(await withPrevious(range, compareMs, (r) => funnel(ctx, { range: r, groupBy, filters })));
  });

  router.get('/stuck', async (req, res) => {
    rejectUnknown(req.query, ['after', 'graceMs', 'from', 'to', 'limit'], link);
    const after = parseStep('after', req.query.after, link);
    if (link.steps.at(-1)?.id === after) {
      throw badRequest(`parameter 'after' is the last step of the link: no step can follow it`);
    }
    const graceMs =
      req.query.graceMs === undefined ? 600_000 : parseDuration('graceMs', req.query.graceMs, 0, 30 * DAY_MS);
    const range = parseRange(req.query, deps.now(), DAY_MS);
    const limit = req.query.limit === undefined ? 100 : parseCount('limit', req.query.limit, 1, 1000);
    res.json(
      await stuckJourneys(ctx, { after, graceMs, range, limit, filters: parseFilters(req.query, link) }),
    );
  });

  router.use(createDrilldownRouter(deps));
  router.use(createTraceViewsRouter(deps));
  return router;
}
