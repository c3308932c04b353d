/**
 * Dimension filters live in the URL as `f.<dimension>=<value>` (e.g. `f.payment.channel=alipay`), so they
 * never collide with page parameters; the API receives them as `<dimension>=<value>`.
 */
const PREFIX = 'f.';

export type DimensionFilters = Record<string, string>;

export function readFilters(params: URLSearchParams, dimensions: readonly string[]): DimensionFilters {
  const filters: DimensionFilters = {};
  for (const dimension of dimensions) {
    const value = params.get(PREFIX + dimension);
    if (value) filters[dimension] = value;
  }
  return filters;
}

export function writeFilter(params: URLSearchParams, dimension: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value.trim()) next.set(PREFIX + dimension, value.trim());
  else next.delete(PREFIX + dimension);
  return next;
}

/** Copies the parameters that describe "when and what" (range, refresh, filters) for links between pages. */
export function carryOver(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of params) {
    if (
      key === 'range' ||
      key === 'from' ||
      key === 'to' ||
      key === 'refresh' ||
      key === 'compare' ||
      key.startsWith(PREFIX)
    ) {
      next.append(key, value);
    }
  }
  return next;
}

/** Values seen per dimension in grouped results, offered as suggestions in the filter boxes. */
export function groupSuggestions(
  groups: readonly { key: Record<string, string> }[],
): Record<string, string[]> {
  const seen: Record<string, Set<string>> = {};
  for (const g of groups) {
    for (const [k, v] of Object.entries(g.key)) {
      seen[k] ??= new Set();
      seen[k].add(v);
    }
  }
  return Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v].sort()]));
}

/** The step drill-down page of a step, keeping the range, filters and compare window. */
export function stepPageHref(step: string, params: URLSearchParams): string {
  const next = carryOver(params).toString();
  return `/steps/${encodeURIComponent(step)}${next ? `?${next}` : ''}`;
}
