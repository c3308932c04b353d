import { Router } from 'express';
import { contextFor } from '../analytics/context.ts';
import { parseCount, parseRange, rejectUnknown, text } from '../analytics/params.ts';
import type { AppDeps } from '../app-deps.ts';
import { notFound } from '../http/api-error.ts';
import { linkChecks } from '../link/definition.ts';
import { checkSummaries, checkViolations } from './checks-service.ts';

/** Consistency checks under /api/v1: every check's figures, and one check's violations. */
export function createChecksRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/checks', async (req, res) => {
    const ctx = contextFor(deps, req.query);
    rejectUnknown(req.query, ['from', 'to'], { ...ctx.link, dimensions: [] });
    const nowMs = deps.now();
    res.json(await checkSummaries(ctx, { range: parseRange(req.query, nowMs), nowMs }));
  });

  router.get('/checks/:id/violations', async (req, res) => {
    const ctx = contextFor(deps, req.query);
    rejectUnknown(req.query, ['from', 'to', 'limit'], { ...ctx.link, dimensions: [] });
    const id = text('id', req.params.id);
    const check = linkChecks(ctx.link).find((candidate) => candidate.id === id);
    if (!check) throw notFound(`check ${JSON.stringify(id)} is not a check of the link`);
    const nowMs = deps.now();
    const range = parseRange(req.query, nowMs);
    const limit = req.query.limit === undefined ? 100 : parseCount('limit', req.query.limit, 1, 1000);
    res.json(await checkViolations(ctx, { check, range, nowMs, limit }));
  });

  return router;
}
