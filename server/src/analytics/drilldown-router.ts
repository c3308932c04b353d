import { Router } from 'express';
import { autoBucketMs, MAX_SERIES_POINTS } from '../analysis/series-buckets.ts';
import type { AppDeps } from '../app-deps.ts';
import { badRequest } from '../http/api-error.ts';
import { stepAttribution } from './attribution-service.ts';
import { withPrevious } from './compare.ts';
import { analyticsContext } from './context.ts';
import { stepDistribution } from './distribution-service.ts';
import { parseCompare, parseLatencyBand, parseOutcome } from './drilldown-params.ts';
import { parseDuration, parseFilters, parseRange, parseStep, rejectUnknown } from './params.ts';

const DAY_MS = 86_400_000;

/** Step drill-down: `/steps/:step/distribution` and `/steps/:step/attribution`. */
export function createDrilldownRouter(deps: AppDeps): Router {
  const ctx = analyticsContext(deps);
  const { link } = deps;
  const router = Router();

  router.get('/steps/:step/distribution', async (req, res) => {
    rejectUnknown(req.query, ['from', 'to', 'bucket', 'compare'], link);
    const step = parseStep('step', req.params.step, link);
    const range = parseRange(req.query, deps.now());
    const bucketMs =
      req.query.bucket === undefined
        ? autoBucketMs(range.from, range.to)
        : parseDuration('bucket', req.query.bucket, 1000, DAY_MS);
    if ((range.to - range.from) / bucketMs > MAX_SERIES_POINTS) {
      throw badRequest(`parameter 'bucket' is too small: more than ${MAX_SERIES_POINTS} points in the range`);
    }
    const filters = parseFilters(req.query, link);
    const compareMs = parseCompare(req.query.compare);
    res.json(
      await withPrevious(range, compareMs, (r) =>
        stepDistribution(ctx, { step, range: r, bucketMs, filters }),
      ),
    );
  });

  router.get('/steps/:step/attribution', async (req, res) => {
    rejectUnknown(req.query, ['from', 'to', 'minMs', 'maxMs', 'outcome'], link);
    const step = parseStep('step', req.params.step, link);
    const range = parseRange(req.query, deps.now());
    const band = parseLatencyBand(req.query);
    const outcome = parseOutcome(req.query.outcome);
    res.json(
      await stepAttribution(ctx, { step, range, ...band, outcome, filters: parseFilters(req.query, link) }),
    );
  });

  return router;
}
