import { type ClickHouseDriver, sql } from '@paylens/store';
import { type RangeNs, timeBounds } from '../analytics/link-spans-source.ts';

/**
 * SpanIds of the few offending spans (link spans keep cityHash64(SpanId)), read from otel_traces
 * by their traces within the range: hash (decimal string) → SpanId.
 */
export async function spanIdsOf(
  driver: ClickHouseDriver,
  range: RangeNs,
  traceIds: readonly string[],
  hashes: readonly string[],
): Promise<Map<string, string>> {
  if (hashes.length === 0) return new Map();
  const rows = await driver.query<{ SpanId: string; h: string }>(sql`
    SELECT DISTINCT SpanId, toString(cityHash64(SpanId)) AS h FROM otel_traces
    WHERE ${timeBounds(range)} AND TraceId IN ${[...new Set(traceIds)]}
      AND toString(cityHash64(SpanId)) IN ${[...new Set(hashes)]}`);
  return new Map(rows.map((row) => [row.h, row.SpanId]));
}
