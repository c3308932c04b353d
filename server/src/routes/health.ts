import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';

/** Liveness, readiness (store reachable, spool healthy) and Prometheus metrics. */
export function createHealthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const storeUp = await deps.driver.ping();
    const problem = storeUp ? await deps.readiness?.() : 'store unreachable';
    res
      .status(problem ? 503 : 200)
      .json(problem ? { status: 'unavailable', reason: problem } : { status: 'ready' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
