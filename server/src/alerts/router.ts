import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';

/** Alert rules CRUD, alert history and test deliveries under /api/v1. */
export function createAlertsRouter(_deps: AppDeps): Router {
  return Router();
}
