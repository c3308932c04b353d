/**
 * Materialized views whose SQL depends on the payment-link definition (the journey key
 * attributes). They are re-created when that definition changes.
 */

const ATTRIBUTE_KEY = /^[A-Za-z0-9_.:/-]+$/;

/** SQL picking the first non-empty journey key attribute of a span (span, then resource). */
export function journeyKeyExpression(journeyKey: readonly string[], attributes = 'SpanAttributes'): string {
  for (const key of journeyKey) {
    if (!ATTRIBUTE_KEY.test(key)) throw new Error(`journey key attribute has invalid characters: ${key}`);
  }
  if (journeyKey.length === 0) return "''";
  const branches = journeyKey.flatMap((key) => [
    `${attributes}['${key}'] != '', ${attributes}['${key}']`,
    `ResourceAttributes['${key}'] != '', ResourceAttributes['${key}']`,
  ]);
  return `multiIf(${branches.join(', ')}, '')`;
}

export function derivedViewStatements(journeyKey: readonly string[], onCluster: string): string[] {
  const key = journeyKeyExpression(journeyKey);
  const logKey = journeyKeyExpression(journeyKey, 'LogAttributes');
  return [
    `CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_trace_summary_mv ${onCluster}
TO paylens_trace_summary
AS SELECT
    TraceId,
    min(Timestamp) AS Start,
    max(addNanoseconds(Timestamp, Duration)) AS End,
    toUInt64(count()) AS SpanCount,
    toUInt64(countIf(StatusCode IN ('Error', 'STATUS_CODE_ERROR'))) AS ErrorCount,
    max(if(ParentSpanId = '', ServiceName, '')) AS RootService,
    max(if(ParentSpanId = '', SpanName, '')) AS RootName,
    max(${key}) AS JourneyKey
FROM otel_traces
WHERE TraceId != ''
GROUP BY TraceId`,
    // Chained on the summary's insert blocks (already one row per trace and block), so the journey
    // index costs a few rows per insert instead of a second pass over every span.
    `CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_journey_index_mv ${onCluster}
TO paylens_journey_index
AS SELECT JourneyKey, TraceId, Start, End
FROM paylens_trace_summary
WHERE JourneyKey != ''`,
    // A log record correlated to a trace can be the only place its key is written.
    `CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_trace_log_keys_mv ${onCluster}
TO paylens_trace_log_keys
AS SELECT TraceId, max(${logKey}) AS JourneyKey, min(Timestamp) AS Start
FROM otel_logs
WHERE TraceId != '' AND ${logKey} != ''
GROUP BY TraceId`,
  ];
}

export const DERIVED_VIEWS = [
  'paylens_trace_summary_mv',
  'paylens_journey_index_mv',
  'paylens_trace_log_keys_mv',
] as const;
