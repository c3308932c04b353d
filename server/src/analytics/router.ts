import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { createTraceViewsRouter } from '../traces/router.ts';

/** Payment-link analytics and trace views under /api/v1 (link, steps, timeouts, funnel, traces…). */
export function createAnalyticsRouter(_deps: AppDeps): Router {
  return Router().use(createTraceViewsRouter(_deps));
}
