import { badRequest } from '../http/api-error.ts';
import { type EpochMs, parseTimeRange } from '../http/time-params.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { parseJourneyKey } from './journey-key.ts';
import { parseBoundedInt } from './page-params.ts';

export interface TraceSearch {
  from: EpochMs;
  to: EpochMs;
  step?: string;
  status?: 'ok' | 'error';
  minMs?: number;
  key?: string;
  limit: number;
}

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 1_000;
const KNOWN = new Set(['from', 'to', 'step', 'status', 'minMs', 'key', 'limit', 'link']);

/** Validates `GET /traces` parameters; each bad one gets a 400 naming it. */
export function parseTraceSearch(
  query: Record<string, unknown>,
  link: LinkDefinition,
  nowMs: EpochMs,
): TraceSearch {
  for (const name of Object.keys(query)) {
    if (!KNOWN.has(name)) throw badRequest(`unknown parameter '${name.slice(0, 64)}'`);
  }
  const { from, to } = parseTimeRange(query, nowMs);
  const search: TraceSearch = {
    from,
    to,
    limit: parseBoundedInt('limit', query.limit, DEFAULT_SEARCH_LIMIT, 1, MAX_SEARCH_LIMIT),
  };
  if (query.step !== undefined) {
    const step = link.steps.find((candidate) => candidate.id === query.step);
    if (!step) throw badRequest(`parameter 'step' must be one of: ${link.steps.map((s) => s.id).join(', ')}`);
    search.step = step.id;
  }
  if (query.status !== undefined) {
    if (query.status !== 'ok' && query.status !== 'error')
      throw badRequest(`parameter 'status' must be ok or error`);
    search.status = query.status;
  }
  if (query.minMs !== undefined) {
    const minMs =
      typeof query.minMs === 'string' && /^\d{1,12}(\.\d{1,6})?$/.test(query.minMs)
        ? Number(query.minMs)
        : NaN;
    if (!Number.isFinite(minMs))
      throw badRequest(`parameter 'minMs' must be a non-negative number of milliseconds`);
    search.minMs = minMs;
  }
  if (query.key !== undefined) search.key = parseJourneyKey('key', query.key);
  return search;
}
