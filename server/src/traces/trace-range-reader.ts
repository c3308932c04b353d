import { type ClickHouseDriver, sql } from '@paylens/store';
import { parseNanos } from '../analysis/waterfall/nanos.ts';
import type { NanoWindow } from './time-window.ts';

export interface TraceWindow extends NanoWindow {
  /** Spans stored, as the summary counts them (0 when only the exporter's table knows the trace). */
  spanCount: number;
}

/**
 * The time range of one trace, by TraceId (the sort key of both tables read here): the paylens
 * summary first (exact, start to end), then the exporter's `otel_traces_trace_id_ts` (seconds,
 * holding span starts; widened by a second) for rows written before paylens' views existed.
 */
export async function readTraceWindow(
  driver: ClickHouseDriver,
  traceId: string,
): Promise<TraceWindow | undefined> {
  const [summary] = await driver.query<{ start: string; end: string; spanCount: number }>(sql`
    SELECT toString(toUnixTimestamp64Nano(min(Start))) AS start, toString(toUnixTimestamp64Nano(max(End))) AS end,
      sum(SpanCount) AS spanCount
    FROM paylens_trace_summary
    WHERE TraceId = ${traceId}
    GROUP BY TraceId`);
  if (summary) {
    return {
      fromNs: parseNanos(summary.start),
      toNs: parseNanos(summary.end),
      spanCount: Number(summary.spanCount),
    };
  }
  const [exported] = await driver.query<{ start: string; end: string }>(sql`
    SELECT toString(toUnixTimestamp(min(Start))) AS start, toString(toUnixTimestamp(max(End)) + 1) AS end
    FROM otel_traces_trace_id_ts
    WHERE TraceId = ${traceId}
    GROUP BY TraceId`);
  if (!exported) return undefined;
  return {
    fromNs: parseNanos(exported.start) * 1_000_000_000n,
    toNs: parseNanos(exported.end) * 1_000_000_000n,
    spanCount: 0,
  };
}
