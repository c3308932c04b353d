import { formatMs } from '../format/duration.ts';

/** Rates and conversion are fractions in [0, 1]; latency metrics are milliseconds; count and violations are counts. */
export const FRACTION_METRICS = ['timeout_rate', 'error_rate', 'conversion'];

export function isFractionMetric(metric: string): boolean {
  return FRACTION_METRICS.includes(metric);
}

/** A rule's value or threshold as people read it: "1.5 s", "5%", "120". */
export function formatMetricValue(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (isFractionMetric(metric)) return `${Number((value * 100).toFixed(2))}%`;
  if (metric === 'count' || metric === 'violations') return String(value);
  if (metric === 'burnRate') return `${Number(value.toFixed(2))}×`;
  return formatMs(value);
}

/** "channel_pay p99 > 1.5 s"; a consistency check's: "double_charge violations > 0". */
export function describeCondition(rule: {
  step: string;
  check?: string;
  metric: string;
  op: string;
  threshold: number;
}): string {
  return `${rule.check ?? rule.step} ${rule.metric} ${rule.op} ${formatMetricValue(rule.metric, rule.threshold)}`;
}

/** `{ a: 1, b: 2 }` → "a=1, b=2" (or "—"). */
export function formatDimensions(dimensions: Record<string, string>): string {
  return (
    Object.entries(dimensions)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || '—'
  );
}

/** One line per receiver from a test delivery: "hooks.example: delivered (200, 12 ms)". */
export function describeTestDelivery(d: {
  receiver: string;
  ok: boolean;
  outcome: string;
  statusCode?: number | null;
  error?: string | null;
  durationMs?: number;
}): string {
  const code = d.statusCode ? `${d.statusCode}` : '';
  const time = d.durationMs !== undefined ? `${Math.round(d.durationMs)} ms` : '';
  const detail = [code, time].filter(Boolean).join(', ');
  const error = !d.ok && d.error ? ` — ${d.error}` : '';
  return `${d.receiver}: ${d.outcome}${detail ? ` (${detail})` : ''}${error}`;
}
