import { badRequest } from '../http/api-error.ts';
import { parseDurationMs, parseTimeRange, type TimeRange } from '../http/time-params.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { LINK_PARAM } from '../link/link-param.ts';

/** Query string values as Express's simple parser gives them. */
export type QueryValues = Record<string, unknown>;

/** Dimension → accepted values (a span or journey must have one of them). */
export type DimensionFilters = Record<string, string[]>;

export const MAX_RANGE_MS = 31 * 86_400_000;
const MAX_VALUE_CHARS = 512;
const MAX_FILTER_VALUES = 50;
const MAX_GROUP_BY = 3;

/**
 * Refuses parameters the endpoint does not know (a typo must not silently widen the answer).
 * `link` is known everywhere a link is read (contextFor parses it).
 */
export function rejectUnknown(
  query: QueryValues,
  known: readonly string[],
  link: Pick<LinkDefinition, 'dimensions'>,
): void {
  for (const name of Object.keys(query)) {
    if (name !== LINK_PARAM && !known.includes(name) && !link.dimensions.includes(name)) {
      const allowed = [...known, ...link.dimensions].join(', ');
      throw badRequest(`unknown parameter '${clip(name)}'; allowed: ${allowed}`);
    }
  }
}

/** `from`/`to` (default: the last `defaultMs` before now), at most 31 days apart. */
export function parseRange(query: QueryValues, nowMs: number, defaultMs = 3_600_000): TimeRange {
  const range = parseTimeRange(
    { from: single('from', query.from), to: single('to', query.to) },
    nowMs,
    defaultMs,
  );
  if (range.to - range.from > MAX_RANGE_MS) {
    throw badRequest(`parameter 'from' is more than 31 days before 'to'`);
  }
  return range;
}

/** Dimension filters: `?payment.channel=alipay&payment.channel=card` (repeat for several values). */
export function parseFilters(query: QueryValues, link: LinkDefinition): DimensionFilters {
  const filters: DimensionFilters = {};
  for (const dimension of link.dimensions) {
    const raw = query[dimension];
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length > MAX_FILTER_VALUES) {
      throw badRequest(`parameter '${dimension}' has more than ${MAX_FILTER_VALUES} values`);
    }
    filters[dimension] = values.map((value) => text(dimension, value));
  }
  return filters;
}

/** `groupBy=payment.channel,deployment.environment.name`: up to 3 of the link's dimensions. */
export function parseGroupBy(value: unknown, link: LinkDefinition): string[] {
  if (value === undefined || value === '') return [];
  const names = text('groupBy', value).split(',');
  const unknown = names.find((name) => !link.dimensions.includes(name));
  if (unknown !== undefined) {
    throw badRequest(
      `parameter 'groupBy' names '${clip(unknown)}', not a dimension of the link (${link.dimensions.join(', ')})`,
    );
  }
  if (new Set(names).size !== names.length || names.length > MAX_GROUP_BY) {
    throw badRequest(`parameter 'groupBy' takes up to ${MAX_GROUP_BY} different dimensions`);
  }
  return names;
}

/** A step id of the link. */
export function parseStep(name: string, value: unknown, link: LinkDefinition): string {
  if (value === undefined) throw badRequest(`parameter '${name}' is required (a step id of the link)`);
  const step = text(name, value);
  if (!link.steps.some((s) => s.id === step)) {
    throw badRequest(
      `parameter '${name}' must be a step of the link (${link.steps.map((s) => s.id).join(', ')})`,
    );
  }
  return step;
}

/** A duration parameter (`30s`, `5m`, or milliseconds) within [minMs, maxMs]. */
export function parseDuration(name: string, value: unknown, minMs: number, maxMs: number): number {
  const ms = parseDurationMs(name, text(name, value));
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    throw badRequest(`parameter '${name}' must be between ${minMs} ms and ${maxMs} ms`);
  }
  return ms;
}

/** A whole number within [min, max]. */
export function parseCount(name: string, value: unknown, min: number, max: number): number {
  const raw = text(name, value);
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw badRequest(`parameter '${name}' must be a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

/** One string value (not repeated), of bounded length. */
export function text(name: string, value: unknown): string {
  const one = single(name, value);
  if (typeof one !== 'string' || one.length > MAX_VALUE_CHARS) {
    throw badRequest(
      `parameter '${name}' must be a single text value of at most ${MAX_VALUE_CHARS} characters`,
    );
  }
  return one;
}

function single(name: string, value: unknown): unknown {
  if (Array.isArray(value)) throw badRequest(`parameter '${name}' is given more than once`);
  return value;
}

function clip(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}
