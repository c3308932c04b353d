/** Where a span's duration sits among its step's quantiles, e.g. "p95–p99" or "above p99.9". */
export interface StepQuantiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
}

const LEVELS: { key: keyof StepQuantiles; label: string }[] = [
  { key: 'p50', label: 'p50' },
  { key: 'p90', label: 'p90' },
  { key: 'p95', label: 'p95' },
  { key: 'p99', label: 'p99' },
  { key: 'p999', label: 'p99.9' },
];

export function percentileBand(durationMs: number, quantiles: StepQuantiles): string | null {
  const known = LEVELS.filter((l) => quantiles[l.key] !== null && Number.isFinite(quantiles[l.key]));
  if (known.length === 0) return null;
  const first = known[0]!;
  if (durationMs <= quantiles[first.key]!) return `at or below ${first.label}`;
  for (let i = 1; i < known.length; i++) {
    const level = known[i]!;
    if (durationMs <= quantiles[level.key]!) return `${known[i - 1]!.label}–${level.label}`;
  }
  return `above ${known[known.length - 1]!.label}`;
}

/** An exact percentile from the API (0–100) as text: 97 → "p97", 99.95 → "p99.95". */
export function formatPercentile(percentile: number): string {
  return `p${Number(percentile.toFixed(2))}`;
}
