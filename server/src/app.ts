import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { createAlertsRouter } from './alerts/router.ts';
import { createAnalyticsRouter } from './analytics/router.ts';
import type { AppDeps } from './app-deps.ts';
import { createChecksRouter } from './checks/router.ts';
import { requireAccess } from './http/auth.ts';
import { contentSecurityPolicy } from './http/content-security-policy.ts';
import { errorMiddleware, notFoundHandler } from './http/error-middleware.ts';
import { rateLimit } from './http/rate-limit.ts';
import { createHealthRouter } from './routes/health.ts';
import { createSloRouter } from './slo/router.ts';
import { MISSING_WEB_PAGE } from './web/missing-web-page.ts';

/** Builds the API and web app; `listen` is the caller's, so tests drive it in-process. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(contentSecurityPolicy());
  app.use(createHealthRouter(deps));

  const api = express.Router();
  api.use(rateLimit(deps.apiRatePerSecond ?? 0, deps.now));
  api.use(express.json({ limit: '256kb' }));
  api.use(requireAccess(deps.tokens, 'read'));
  api.use(createAnalyticsRouter(deps));
  api.use(createChecksRouter(deps));
  api.use(createAlertsRouter(deps));
  api.use(createSloRouter(deps));
  api.use(notFoundHandler);
  app.use('/api/v1', api);

  if (deps.webDir && existsSync(join(deps.webDir, 'index.html'))) {
    const webDir = deps.webDir;
    app.use(express.static(webDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/funnel, /traces/:id…) all load the single page.
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.sendFile(join(webDir, 'index.html'));
    });
  } else if (deps.webDir) {
    // Asked to serve a web app that is not built: say so in the browser, not with a JSON 404.
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.status(503).type('html').send(MISSING_WEB_PAGE);
    });
  }
  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.logger));
  return app;
}
