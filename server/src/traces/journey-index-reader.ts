import { type ClickHouseDriver, sql } from '@paylens/store';
import { parseNanos } from '../analysis/waterfall/nanos.ts';
import type { NanoWindow } from './time-window.ts';

export interface JourneyTrace extends NanoWindow {
  traceId: string;
  spanCount: number;
}

/**
 * The traces of one journey, earliest first, with each trace's whole time range. The journey index
 * (sorted by key) names the traces; their ranges come from the trace summary (sorted by TraceId),
 * because the index only spans the spans that carry the key — a root without it, or an async
 * child after it, would fall outside.
 */
export async function readJourneyTraces(
  driver: ClickHouseDriver,
  key: string,
  maxTraces: number,
): Promise<JourneyTrace[]> {
  const rows = await driver.query<{ traceId: string; start: string; end: string; spanCount: number }>(sql`
    SELECT TraceId AS traceId,
      toString(toUnixTimestamp64Nano(min(Start))) AS start,
      toString(toUnixTimestamp64Nano(max(End))) AS end,
      sum(SpanCount) AS spanCount
    FROM paylens_trace_summary
    WHERE TraceId IN (SELECT TraceId FROM paylens_journey_index WHERE JourneyKey = ${key})
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
