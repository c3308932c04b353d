import type { LinkDefinition, StepDefinition, StepMatch } from './definition.ts';

/**
 * A span as step matching sees it. Kinds and attributes are as stored (either exporter spelling of
 * the kind: `Client` or `SPAN_KIND_CLIENT`).
 */
export interface MatchableSpan {
  serviceName: string;
  spanName: string;
  spanKind: string;
  attributes: Readonly<Record<string, string>>;
  resourceAttributes?: Readonly<Record<string, string>>;
}

/**
 * The id of the first step of the link whose match holds for the span, or undefined.
 * `step-sql.ts` is the same rule as a ClickHouse expression; an integration test keeps them in step.
 */
export function classifyStep(span: MatchableSpan, link: Pick<LinkDefinition, 'steps'>): string | undefined {
  return link.steps.find((step) => matchesStep(span, step))?.id;
}

export function matchesStep(span: MatchableSpan, step: Pick<StepDefinition, 'match'>): boolean {
  return matchesAll(span, step.match);
}

function matchesAll(span: MatchableSpan, match: StepMatch): boolean {
  if (match.service !== undefined && span.serviceName !== match.service) return false;
  if (match.span !== undefined && !globToRegExp(match.span).test(span.spanName)) return false;
  if (match.kind !== undefined && normalizeKind(span.spanKind) !== match.kind) return false;
  for (const [key, glob] of Object.entries(match.attributes ?? {})) {
    const value = spanAttribute(span, key);
    if (value === undefined || !globToRegExp(glob).test(value)) return false;
  }
  return true;
}

/**
 * An attribute of the span, else of its resource. Empty values count as absent, as in the journey
 * key (store/src/derived-views.ts), so `payment.channel: "*"` means "has a channel".
 */
export function spanAttribute(
  span: Pick<MatchableSpan, 'attributes' | 'resourceAttributes'>,
  key: string,
): string | undefined {
  const own = span.attributes[key];
  if (own !== undefined && own !== '') return own;
  const resource = span.resourceAttributes?.[key];
  return resource !== undefined && resource !== '' ? resource : undefined;
}

/** `Client`, `client`, `SPAN_KIND_CLIENT` → `client`. */
export function normalizeKind(kind: string): string {
  return asciiLower(kind).replace(/^span_kind_/, '');
}

/**
 * Lower-cases A–Z only, exactly like ClickHouse's `lower()`, so TypeScript and SQL agree even on
 * look-alikes such as the Kelvin sign (which `toLowerCase()` would turn into `k`).
 */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

const globCache = new Map<string, RegExp>();

/**
 * A glob as a whole-string RegExp: `*` any run of characters, `?` exactly one character (a Unicode
 * code point, like ClickHouse's LIKE `_` on UTF-8); everything else literal, case-sensitive.
 */
export function globToRegExp(glob: string): RegExp {
  let cached = globCache.get(glob);
  if (!cached) {
    const body = Array.from(glob, (char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }).join('');
    cached = new RegExp(`^${body}$`, 'su');
    if (globCache.size > 1000) globCache.clear();
    globCache.set(glob, cached);
  }
  return cached;
}
