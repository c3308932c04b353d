import type { RequestHandler } from 'express';

/**
 * The web app's policy: everything from this origin only. Vite's build has no inline script; React
 * and Recharts set styles through the CSSOM (element.style), which style-src does not govern, so no
 * 'unsafe-inline' is needed; zod's eval probe is switched off in the app (web/src/api/zodWithoutEval.ts).
 * The browser tests fail on any `securitypolicyviolation`.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the policy on every response (JSON answers included: harmless, and nothing is missed). */
export function contentSecurityPolicy(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  };
}
