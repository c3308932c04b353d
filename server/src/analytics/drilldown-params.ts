import { badRequest } from '../http/api-error.ts';
import { MAX_RANGE_MS, parseDuration, type QueryValues, text } from './params.ts';

/** A latency bound in milliseconds (`minMs`, `maxMs`): a non-negative number, at most a day. */
export function parseLatencyMs(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const raw = text(name, value);
  const ms = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(ms) || ms < 0 || ms > 86_400_000) {
    throw badRequest(`parameter '${name}' must be a number of milliseconds from 0 to 86400000`);
  }
  return ms;
}

/** `minMs` and `maxMs` of a selection, the first below the second when both are given. */
export function parseLatencyBand(query: QueryValues): { minMs?: number; maxMs?: number } {
  const minMs = parseLatencyMs('minMs', query.minMs);
  const maxMs = parseLatencyMs('maxMs', query.maxMs);
  if (minMs !== undefined && maxMs !== undefined && minMs >= maxMs) {
    throw badRequest(`parameter 'maxMs' must be greater than 'minMs'`);
  }
  return { minMs, maxMs };
}

const OUTCOMES = ['error', 'timeout'] as const;

/** `outcome=error|timeout`: select the failing spans only. */
export function parseOutcome(value: unknown): (typeof OUTCOMES)[number] | undefined {
  if (value === undefined) return undefined;
  const outcome = OUTCOMES.find((o) => o === text('outcome', value));
  if (!outcome) throw badRequest(`parameter 'outcome' must be one of ${OUTCOMES.join(', ')}`);
  return outcome;
}

/** `compare=1d`: also answer for the range moved this far back (1 minute to 31 days). */
export function parseCompare(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  return parseDuration('compare', value, 60_000, MAX_RANGE_MS);
}
