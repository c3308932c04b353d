import type { AlertRuleInput } from '../api/schemas/alerts.ts';

/** SLO figures as people read them; pure, so the panel only renders. */

/** 0.6251 → "62.51%"; null (no spans) → "—". Negative once the budget is overspent. */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${Number((value * 100).toFixed(2))}%`;
}

/** A burn rate: 1 spends the budget exactly over the SLO window. */
export function formatBurn(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${Number(value.toFixed(value >= 10 ? 1 : 2))}×`;
}

export type Level = 'ok' | 'warn' | 'bad' | 'none';

/** Budget remaining: spent is bad, under a quarter left is a warning. */
export function budgetLevel(remaining: number | null): Level {
  if (remaining === null) return 'none';
  if (remaining <= 0) return 'bad';
  return remaining < 0.25 ? 'warn' : 'ok';
}

/** A burn rate above 1 spends faster than the window allows; the workbook pages from 6. */
export function burnLevel(rate: number | null): Level {
  if (rate === null) return 'none';
  if (rate >= 6) return 'bad';
  return rate > 1 ? 'warn' : 'ok';
}

/** "99.5% good within 800 ms over 28d" */
export function describeObjective(slo: {
  objective: number;
  latencyMs: number | null;
  window: string;
}): string {
  const latency = slo.latencyMs === null ? '' : ` within ${slo.latencyMs} ms`;
  return `${slo.objective}% good${latency} over ${slo.window}`;
}

/**
 * The SRE workbook's multiwindow, multi-burn-rate alerts for an SLO: page on 2% of the budget
 * spent in an hour (14.4 over 1h and 5m) or 5% in six hours (6 over 6h and 30m), ticket on 10% in
 * three days (1 over 3d and 6h).
 */
export const STANDARD_BURN_RULES = [
  { label: 'page: fast burn', longWindow: '1h', shortWindow: '5m', threshold: 14.4, severity: 'page' },
  { label: 'page: medium burn', longWindow: '6h', shortWindow: '30m', threshold: 6, severity: 'page' },
  { label: 'ticket: slow burn', longWindow: '3d', shortWindow: '6h', threshold: 1, severity: 'ticket' },
] as const;

/** The three standard rules for one SLO's step, posting to `receiverUrl` when one is given. */
export function standardBurnRules(step: string, receiverUrl?: string): AlertRuleInput[] {
  return STANDARD_BURN_RULES.map((rule) => ({
    name: `${step} SLO ${rule.label}`,
    step,
    metric: 'burnRate',
    op: '>',
    threshold: rule.threshold,
    longWindow: rule.longWindow,
    shortWindow: rule.shortWindow,
    for: '0s',
    filters: {},
    groupBy: [],
    labels: { severity: rule.severity, slo: step },
    annotations: {
      summary: `${step} is spending its error budget ${rule.threshold}× faster than its SLO window allows`,
    },
    receivers: receiverUrl ? [{ url: receiverUrl, format: 'generic' }] : [],
  }));
}

/** A burn-down chart's bucket: about 120 points over the window, whole tidy hours or minutes. */
export function burnDownBucket(windowMs: number): string {
  const minutes = Math.max(1, Math.ceil(windowMs / 120 / 60_000));
  const tidy = [1, 5, 10, 15, 30, 60, 180, 360, 720, 1440].find((m) => m >= minutes) ?? 1440;
  return tidy >= 60 ? `${tidy / 60}h` : `${tidy}m`;
}
