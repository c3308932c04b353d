import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { AuthTokens } from '../app-deps.ts';

export type AccessLevel = 'ingest' | 'read' | 'admin';

function sameToken(given: string, expected: string): boolean {
  // Comparing fixed-length digests keeps the time independent of where, or whether, lengths differ.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** Which levels a presented token grants (admin also reads). */
export function grantedLevels(tokens: AuthTokens, token: string | undefined): Set<AccessLevel> {
  const granted = new Set<AccessLevel>();
  if (token === undefined) return granted;
  if (tokens.ingest && sameToken(token, tokens.ingest)) granted.add('ingest');
  if (tokens.read && sameToken(token, tokens.read)) granted.add('read');
  if (tokens.admin && sameToken(token, tokens.admin)) granted.add('admin').add('read');
  return granted;
}

/**
 * Requires a bearer token for `level` when that level's token is configured: 401 without a valid
 * token, 403 with a valid token of too little right. Open when no token is configured.
 */
export function requireAccess(tokens: AuthTokens, level: AccessLevel): RequestHandler {
  return (req, res, next) => {
    const required = level === 'read' ? (tokens.read ?? tokens.admin) : tokens[level];
    if (!required) return next();
    const granted = grantedLevels(tokens, bearerToken(req.headers.authorization));
    if (granted.has(level)) return next();
    const status = granted.size > 0 ? 403 : 401;
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="paylens"');
    res.status(status).json({
      error: {
        code: status === 401 ? 'unauthorized' : 'forbidden',
        message: status === 401 ? `a valid bearer token is required` : `this token may not ${level}`,
      },
    });
  };
}
