import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** paylens' own Prometheus metrics, one registry per process so tests can build several apps. */
export function createMetrics() {
  const registry = new Registry();
  // Read at scrape time from whoever owns the value (the collector's spool).
  const sources: { spoolBytes?: () => number; queuedSegments?: () => number } = {};
  collectDefaultMetrics({ register: registry, prefix: 'paylens_process_' });
  return {
    registry,
    spansReceived: new Counter({
      name: 'paylens_spans_received_total',
      help: 'Spans accepted by the collector (acknowledged to the client)',
      registers: [registry],
    }),
    logsReceived: new Counter({
      name: 'paylens_logs_received_total',
      help: 'Log records accepted by the collector',
      registers: [registry],
    }),
    itemsRejected: new Counter({
      name: 'paylens_items_rejected_total',
      help: 'Spans or log records rejected, by reason',
      labelNames: ['signal', 'reason'] as const,
      registers: [registry],
    }),
    requestsRejected: new Counter({
      name: 'paylens_ingest_requests_rejected_total',
      help: 'OTLP requests answered with an error status',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    sources,
    queueDepth: new Gauge({
      name: 'paylens_ingest_queue_segments',
      help: 'Sealed spool segments acknowledged but not yet inserted into ClickHouse',
      registers: [registry],
      collect() {
        if (sources.queuedSegments) this.set(sources.queuedSegments());
      },
    }),
    spoolBytes: new Gauge({
      name: 'paylens_spool_bytes',
      help: 'Bytes in the on-disk write-ahead spool (acknowledged, not yet stored)',
      registers: [registry],
      collect() {
        if (sources.spoolBytes) this.set(sources.spoolBytes());
      },
    }),
    insertSeconds: new Histogram({
      name: 'paylens_insert_duration_seconds',
      help: 'Time to insert one batch into ClickHouse',
      labelNames: ['table'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    rowsInserted: new Counter({
      name: 'paylens_rows_inserted_total',
      help: 'Rows stored in ClickHouse by the collector',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    insertFailures: new Counter({
      name: 'paylens_insert_failures_total',
      help: 'Failed batch inserts (retried from the spool)',
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'paylens_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
