import { badRequest } from '../http/api-error.ts';
import type { SpanPage } from './waterfall-loader.ts';

export const DEFAULT_SPAN_LIMIT = 20_000;
export const MAX_SPAN_LIMIT = 50_000;

/** A whole number within bounds, from a query-string value; 400 naming the parameter otherwise. */
export function parseBoundedInt(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) {
    throw badRequest(`parameter '${name}' must be a whole number from ${min} to ${max}`);
  }
  const parsed = Number(value);
  if (parsed < min || parsed > max) throw badRequest(`parameter '${name}' must be from ${min} to ${max}`);
  return parsed;
}

/** `limit` and `offset` over a waterfall's rows (depth-first order). */
export function parseSpanPage(query: Record<string, unknown>): SpanPage {
  return {
    limit: parseBoundedInt('limit', query.limit, DEFAULT_SPAN_LIMIT, 1, MAX_SPAN_LIMIT),
    offset: parseBoundedInt('offset', query.offset, 0, 0, 10_000_000),
  };
}
