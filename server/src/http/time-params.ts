import { badRequest } from './api-error.ts';

/** Milliseconds since the Unix epoch. */
export type EpochMs = number;

/** Parses `from`/`to`-style values: epoch milliseconds or ISO-8601. Throws 400 naming the parameter. */
export function parseInstant(name: string, value: unknown): EpochMs {
  if (typeof value !== 'string' || value.length === 0 || value.length > 40) {
    throw badRequest(`parameter '${name}' must be an ISO-8601 time or epoch milliseconds`);
  }
  // Epoch milliseconds, or ISO-8601 proper: V8's Date.parse alone accepts odd strings like "-5".
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : iso.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > Date.UTC(9999, 0)) {
    throw badRequest(`parameter '${name}' is not a valid time: ${JSON.stringify(value)}`);
  }
  return ms;
}

export interface TimeRange {
  from: EpochMs;
  to: EpochMs;
}

/** `from`/`to` with defaults (the last hour) and order checked. */
export function parseTimeRange(
  query: Record<string, unknown>,
  now: EpochMs,
  defaultSpanMs = 3_600_000,
): TimeRange {
  const to = query.to === undefined ? now : parseInstant('to', query.to);
  const from = query.from === undefined ? to - defaultSpanMs : parseInstant('from', query.from);
  if (from >= to) throw badRequest(`parameter 'from' must be before 'to'`);
  return { from, to };
}

/** Parses a duration such as `30s`, `5m`, `2h`, `1d` or plain milliseconds. */
export function parseDurationMs(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string')
    throw badRequest(`parameter '${name}' must be a duration like 30s, 5m or 1h`);
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value);
  if (!match) throw badRequest(`parameter '${name}' must be a duration like 30s, 5m or 1h`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}
