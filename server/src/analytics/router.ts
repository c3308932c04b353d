import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';

/** Payment-link analytics and trace views under /api/v1 (link, steps, timeouts, funnel, traces…). */
export function createAnalyticsRouter(_deps: AppDeps): Router {
  return Router();
}
