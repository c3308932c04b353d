import type { IngestObserver } from '@paylens/collector';
import type { Metrics } from './http/metrics.ts';

/** Connects the collector's ingest events to the Prometheus metrics. */
export function metricsObserver(metrics: Metrics): IngestObserver {
  return {
    accepted: (signal, items) =>
      (signal === 'traces' ? metrics.spansReceived : metrics.logsReceived).inc(items),
    rejectedItems: (signal, reason, items) => metrics.itemsRejected.inc({ signal, reason }, items),
    rejectedRequest: (status) => metrics.requestsRejected.inc({ status: String(status) }),
    inserted: (table, rows, seconds) => {
      metrics.insertSeconds.observe({ table }, seconds);
      metrics.rowsInserted.inc({ table }, rows);
    },
    insertFailed: () => metrics.insertFailures.inc(),
  };
}
