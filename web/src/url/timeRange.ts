/** The time range in the URL: a preset relative to now (`range=1h`) or a custom window (`from`,`to`). */

export const RANGE_PRESETS = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const;

export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];
export const DEFAULT_RANGE: RangePresetId = '1h';

export type RangeSpec =
  | { kind: 'preset'; id: RangePresetId }
  | { kind: 'custom'; fromMs: number; toMs: number };

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

function isPreset(id: string | null): id is RangePresetId {
  return RANGE_PRESETS.some((p) => p.id === id);
}

function parseEpochMs(value: string | null): number | null {
  if (value === null || value === '') return null;
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Reads the range from query parameters; a valid custom window wins over a preset. */
export function readRange(params: URLSearchParams): RangeSpec {
  const fromMs = parseEpochMs(params.get('from'));
  const toMs = parseEpochMs(params.get('to'));
  if (fromMs !== null && toMs !== null && fromMs < toMs) return { kind: 'custom', fromMs, toMs };
  const id = params.get('range');
  return { kind: 'preset', id: isPreset(id) ? id : DEFAULT_RANGE };
}

/** Writes the range into a copy of the parameters, removing whichever form is not in use. */
export function writeRange(params: URLSearchParams, spec: RangeSpec): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('range');
  next.delete('from');
  next.delete('to');
  if (spec.kind === 'custom') {
    next.set('from', String(Math.round(spec.fromMs)));
    next.set('to', String(Math.round(spec.toMs)));
  } else if (spec.id !== DEFAULT_RANGE) {
    next.set('range', spec.id);
  }
  return next;
}

/** Absolute bounds for a query issued at `nowMs`. */
export function resolveRange(spec: RangeSpec, nowMs: number): ResolvedRange {
  if (spec.kind === 'custom') return { fromMs: spec.fromMs, toMs: spec.toMs };
  const preset = RANGE_PRESETS.find((p) => p.id === spec.id) ?? RANGE_PRESETS[1];
  return { fromMs: nowMs - preset.ms, toMs: nowMs };
}

const BUCKETS_MS = [
  10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000,
];

/** A series bucket giving about `targetPoints` points over the range (the smallest bucket that does not exceed it). */
export function bucketForRange(range: ResolvedRange, targetPoints = 60): number {
  const span = Math.max(1, range.toMs - range.fromMs);
  return BUCKETS_MS.find((b) => span / b <= targetPoints) ?? BUCKETS_MS[BUCKETS_MS.length - 1]!;
}

/** A bucket size as the API's duration syntax (`30s`, `5m`, `1h`). */
export function formatBucket(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
