import { type ClickHouseDriver, sql } from '@paylens/store';
import { parseNanos } from '../analysis/waterfall/nanos.ts';
import type { NanoWindow } from './time-window.ts';

export interface JourneyTrace extends NanoWindow {
  traceId: string;
  spanCount: number;
}

/**
 * The given traces of a journey, earliest first, with each trace's whole time range and size from
 * the trace summary (sorted by TraceId); the latest are left out beyond `maxTraces`.
 */
export async function readJourneyTraces(
  driver: ClickHouseDriver,
  traceIds: readonly string[],
  maxTraces: number,
): Promise<JourneyTrace[]> {
  if (traceIds.length === 0) return [];
  const rows = await driver.query<{ traceId: string; start: string; end: string; spanCount: number }>(sql`
    SELECT TraceId AS traceId,
      toString(toUnixTimestamp64Nano(min(Start))) AS start,
      toString(toUnixTimestamp64Nano(max(End))) AS end,
      sum(SpanCount) AS spanCount
    FROM paylens_trace_summary
    WHERE TraceId IN ${traceIds}
    GROUP BY TraceId
    ORDER BY min(Start), TraceId
    LIMIT ${maxTraces}`);
  return rows.map((row) => ({
    traceId: row.traceId,
    fromNs: parseNanos(row.start),
    toNs: parseNanos(row.end),
    spanCount: Number(row.spanCount),
  }));
}
