import { RateLimiter } from '@paylens/collector';
import type { RequestHandler } from 'express';

/** API requests per second per client (bearer token, else address), bursts of twice that; 0 disables. */
export function rateLimit(perSecond: number, now: () => number): RequestHandler {
  if (perSecond <= 0) return (_req, _res, next) => next();
  const limiter = new RateLimiter({ perSecond, burst: perSecond * 2 }, now);
  return (req, res, next) => {
    const decision = limiter.take(req.headers.authorization ?? req.ip ?? '');
    if (decision.allowed) return next();
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    res
      .status(429)
      .json({ error: { code: 'rate_limited', message: 'too many requests from this client; retry later' } });
  };
}
