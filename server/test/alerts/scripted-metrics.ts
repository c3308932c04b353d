import type { MetricGroup, MetricSource } from '../../src/alerts/metric-source.ts';

/**
 * A metric source that plays a script: per evaluation tick (30 s apart from `startMs`), the value
 * of each payment.channel group; after the script ends its last entry holds.
 */
export function scriptedMetrics(
  startMs: number,
  tickMs: number,
  script: Record<string, number>[],
): MetricSource {
  return {
    async measure(requests, atMs) {
      const tick = Math.min(script.length - 1, Math.max(0, Math.floor((atMs - startMs) / tickMs)));
      const groups: MetricGroup[] = Object.entries(script[tick] ?? {}).map(([channel, value]) => ({
        dimensions: { 'payment.channel': channel },
        count: 100,
        value,
      }));
      return requests.map(() => groups);
    },
    async sampleTraceIds(requests) {
      return requests.map(() => []);
    },
  };
}
