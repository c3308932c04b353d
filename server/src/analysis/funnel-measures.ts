import { histogramQuantilesNs } from './bucket-quantiles.ts';
import { type FunnelError, type FunnelStep, rankErrors, withConversions } from './funnel.ts';
import { QUANTILES } from './quantiles.ts';

/** One summed row of the funnel rollup (journeys/funnel-slots-sql.ts): a measure of a step. */
export interface MeasureRow {
  Measure: string;
  Step: number;
  Key: string;
  Count: number | string;
}

export interface FunnelFromMeasures {
  journeys: number;
  steps: FunnelStep[];
  completed: { count: number; p50: number | null; p90: number | null; p99: number | null };
}

/**
 * The funnel of one group from its summed measures: counts as they are, quantiles (of waits and of
 * completed journeys' latency) read from their 2% histograms, top errors ranked as funnelSql's.
 */
export function funnelFromMeasures(
  stepIds: readonly string[],
  rows: readonly MeasureRow[],
  topErrors: number,
): FunnelFromMeasures {
  const scalar = new Map<string, number>();
  const histograms = new Map<string, [string, number][]>();
  const failures = new Map<number, Map<string, FunnelError>>();
  for (const row of rows) {
    const count = Number(row.Count);
    const id = `${row.Measure}/${row.Step}`;
    if (row.Measure === 'gap' || row.Measure === 'latency') {
      const list = histograms.get(id) ?? [];
      list.push([row.Key, count]);
      histograms.set(id, list);
    } else if (row.Measure === 'failAttempts' || row.Measure === 'failJourneys') {
      const byMessage = failures.get(row.Step) ?? new Map<string, FunnelError>();
      const error = byMessage.get(row.Key) ?? { message: row.Key, count: 0, attempts: 0 };
      if (row.Measure === 'failAttempts') error.attempts += count;
      else error.count += count;
      byMessage.set(row.Key, error);
      failures.set(row.Step, byMessage);
    } else {
      scalar.set(id, (scalar.get(id) ?? 0) + count);
    }
  }
  const get = (measure: string, step = 0) => scalar.get(`${measure}/${step}`) ?? 0;
  const quantile = (measure: string, step: number, name: 'p50' | 'p90' | 'p99') => {
    const values = histogramQuantilesNs(histograms.get(`${measure}/${step}`) ?? []);
    const index = QUANTILES.findIndex((q) => q.name === name);
    return values ? values[index]! / 1e6 : null;
  };
  const steps = stepIds.map((step, k) => {
    const entered = get('entered', k);
    const succeeded = get('succeeded', k);
    return {
      step,
      entered,
      succeeded,
      failed: entered - succeeded,
      dropped: get('dropped', k),
      attempts: get('attempts', k),
      retried: get('retried', k),
      overlapped: get('overlapped', k),
      p50MsFromPrevious: quantile('gap', k, 'p50'),
      p90MsFromPrevious: quantile('gap', k, 'p90'),
      topErrors: rankErrors([...(failures.get(k)?.values() ?? [])], topErrors),
    };
  });
  return {
    journeys: get('journeys'),
    steps: withConversions(steps),
    completed: {
      count: get('completed'),
      p50: quantile('latency', 0, 'p50'),
      p90: quantile('latency', 0, 'p90'),
      p99: quantile('latency', 0, 'p99'),
    },
  };
}
