/** Auto-refresh intervals offered in the header, stored as `refresh=30s` in the URL. */
export const REFRESH_OPTIONS = [
  { id: 'off', label: 'Off', ms: 0 },
  { id: '10s', label: '10 s', ms: 10_000 },
  { id: '30s', label: '30 s', ms: 30_000 },
  { id: '1m', label: '1 min', ms: 60_000 },
  { id: '5m', label: '5 min', ms: 300_000 },
] as const;

export type RefreshId = (typeof REFRESH_OPTIONS)[number]['id'];

/** The interval in milliseconds (0 = off) named by the `refresh` parameter. */
export function readRefreshMs(params: URLSearchParams): number {
  return REFRESH_OPTIONS.find((o) => o.id === params.get('refresh'))?.ms ?? 0;
}

export function readRefreshId(params: URLSearchParams): RefreshId {
  return REFRESH_OPTIONS.find((o) => o.id === params.get('refresh'))?.id ?? 'off';
}
