import { isoFromNanos, nanosToMs } from './nanos.ts';
import type { AttributeMap } from './waterfall-span.ts';

export interface LogInput {
  timeNs: bigint;
  severity: string;
  body: string;
  traceId: string;
  spanId: string;
  service: string;
  attributes: AttributeMap;
}

/** One log line of the trace/journey response, on the waterfall's time axis. */
export interface PlacedLog {
  timestamp: string;
  offsetMs: number;
  severity: string;
  body: string;
  traceId: string;
  spanId: string;
  service: string;
  attributes: AttributeMap;
}

/**
 * Puts correlated logs on the waterfall's time axis: offsets from the same origin as the spans
 * (negative for a log written before the first span started), in time order, stable for ties.
 */
export function placeLogs(logs: readonly LogInput[], originNs: bigint): PlacedLog[] {
  return logs
    .map((log, i) => ({ log, i }))
    .sort((a, b) => (a.log.timeNs < b.log.timeNs ? -1 : a.log.timeNs > b.log.timeNs ? 1 : a.i - b.i))
    .map(({ log }) => ({
      timestamp: isoFromNanos(log.timeNs),
      offsetMs: nanosToMs(Number(log.timeNs - originNs)),
      severity: log.severity,
      body: log.body,
      traceId: log.traceId,
      spanId: log.spanId,
      service: log.service,
      attributes: log.attributes,
    }));
}
