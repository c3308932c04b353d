import { Router } from 'express';
import { autoBucketMs, MAX_SERIES_POINTS } from '../analysis/series-buckets.ts';
import { type AnalyticsContext, analyticsContext, contextFor, linksOf } from '../analytics/context.ts';
import { MAX_RANGE_MS, parseDuration, parseRange, rejectUnknown, text } from '../analytics/params.ts';
import type { AppDeps } from '../app-deps.ts';
import { badRequest } from '../http/api-error.ts';
import { parseInstant } from '../http/time-params.ts';
import { sloSources } from './slo-coverage.ts';
import { sloReport, sloSeries } from './slo-service.ts';
import { stepSlos } from './slo-steps.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** `/slos` and `/slos/:step/series` (DESIGN.md "SLOs and burn-rate alerts"). */
export function createSloRouter(deps: AppDeps): Router {
  const router = Router();
  const defaultLink = linksOf(deps).defaultLink;
  // The default link's SLO minutes view is made ready at start, so minutes are complete from then on.
  void sloSources(analyticsContext(deps), deps.cluster);
  const sources = (ctx: AnalyticsContext) => sloSources(ctx, deps.cluster, ctx.link === defaultLink);

  router.get('/slos', async (req, res) => {
    const ctx = contextFor(deps, req.query);
    const { link } = ctx;
    rejectUnknown(req.query, ['at'], link);
    const atMs = req.query.at === undefined ? deps.now() : parseInstant('at', req.query.at);
    res.json(await sloReport(ctx, { atMs }, await sources(ctx)));
  });

  router.get('/slos/:step/series', async (req, res) => {
    const ctx = contextFor(deps, req.query);
    const { link } = ctx;
    rejectUnknown(req.query, ['from', 'to', 'bucket'], link);
    const step = text('step', req.params.step);
    const slo = stepSlos(link).find((candidate) => candidate.step === step);
    if (!slo) {
      const steps = stepSlos(link).map((candidate) => candidate.step);
      throw badRequest(
        `parameter 'step' must be a step with an SLO (${steps.join(', ') || 'none in this link'})`,
      );
    }
    const range = parseRange(req.query, deps.now(), Math.min(slo.windowMs, MAX_RANGE_MS));
    const bucketMs =
      req.query.bucket === undefined
        ? Math.max(MINUTE_MS, autoBucketMs(range.from, range.to))
        : parseDuration('bucket', req.query.bucket, MINUTE_MS, DAY_MS);
    if (bucketMs % MINUTE_MS !== 0) throw badRequest(`parameter 'bucket' must be a whole number of minutes`);
    if ((range.to - range.from) / bucketMs > MAX_SERIES_POINTS) {
      throw badRequest(`parameter 'bucket' is too small: more than ${MAX_SERIES_POINTS} points in the range`);
    }
    res.json(await sloSeries(ctx, { step, range, bucketMs }, await sources(ctx)));
  });

  return router;
}
