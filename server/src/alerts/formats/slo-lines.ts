import type { BurnRateDetails } from '../metric-source.ts';

const percent = (value: number | null) =>
  value === null ? 'no data' : `${Math.round(value * 10_000) / 100}%`;
const times = (value: number | null) => (value === null ? 'no data' : `${Math.round(value * 100) / 100}×`);

/** A burnRate alert's SLO in words, for formats that show text: `create_order 99% good (≤ 500 ms) over 28d`. */
export function sloLines(slo: BurnRateDetails) {
  const latency = slo.latencyMs === null ? '' : ` (≤ ${slo.latencyMs} ms)`;
  return {
    slo: `${slo.step} ${slo.objective}% good${latency} over ${slo.window}`,
    burnRates: `${times(slo.longWindow.burnRate)} over ${slo.longWindow.window}, ${times(slo.shortWindow.burnRate)} over ${slo.shortWindow.window}`,
    budgetRemaining: percent(slo.budgetRemaining),
  };
}
