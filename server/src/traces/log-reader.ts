import { type AttributeMap, type ClickHouseDriver, join, type SqlFragment, sql } from '@paylens/store';
import { parseNanos } from '../analysis/waterfall/nanos.ts';
import type { LogInput } from '../analysis/waterfall/place-logs.ts';
import { instantParam } from './nanos-sql.ts';
import type { NanoWindow } from './time-window.ts';

/** Logs are often written just before or after their span; look this far around the spans. */
const LOG_PADDING_NS = 60_000_000_000n;

export interface LogSelection {
  traceIds: readonly string[];
  window: NanoWindow;
  /** Journey: logs carrying one of these attributes with this value attach too (no trace id needed). */
  journey?: { attributes: readonly string[]; key: string };
}

interface LogRow {
  time: string;
  severityText: string;
  severityNumber: number;
  body: string;
  traceId: string;
  spanId: string;
  service: string;
  attributes: AttributeMap;
}

/** OTel severity number ranges (1–4 TRACE … 21–24 FATAL), for records without a severity text. */
export function severityName(text: string, level: number): string {
  if (text) return text;
  const names = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
  return level >= 1 && level <= 24 ? (names[Math.floor((level - 1) / 4)] ?? '') : '';
}

/** Re-read whether otel_logs has TimestampTime this often (the documented ALTER may add it). */
const COLUMN_CHECK_TTL_MS = 60_000;
const columnChecks = new WeakMap<ClickHouseDriver, { atMs: number; has: Promise<boolean> }>();

/**
 * Whether otel_logs has TimestampTime, the exporter's partition and primary-key column since
 * mid-2024; older exporter tables lack it, and their logs are then bounded by Timestamp alone.
 */
function logsHaveTimestampTime(driver: ClickHouseDriver): Promise<boolean> {
  const cached = columnChecks.get(driver);
  if (cached && Date.now() - cached.atMs < COLUMN_CHECK_TTL_MS) return cached.has;
  const has = driver
    .query<{ n: number | string }>(sql`
      SELECT count() AS n FROM system.columns
      WHERE database = currentDatabase() AND table = 'otel_logs' AND name = 'TimestampTime'`)
    .then(([row]) => Number(row?.n) > 0);
  columnChecks.set(driver, { atMs: Date.now(), has });
  // A failed check is not remembered.
  has.catch(() => columnChecks.delete(driver));
  return has;
}

/** Logs correlated by TraceId (and, for journeys, by the journey key attributes), earliest first. */
export async function readCorrelatedLogs(
  driver: ClickHouseDriver,
  selection: LogSelection,
  limit: number,
): Promise<LogInput[]> {
  const fromNs = selection.window.fromNs - LOG_PADDING_NS;
  const toNs = selection.window.toNs + LOG_PADDING_NS;
  const matches: SqlFragment[] = [sql`TraceId IN ${selection.traceIds}`];
  for (const attribute of selection.journey?.attributes ?? []) {
    matches.push(sql`LogAttributes[${attribute}] = ${selection.journey?.key ?? ''}`);
  }
  const coarse = (await logsHaveTimestampTime(driver))
    ? sql`TimestampTime BETWEEN toDateTime(${instantParam(fromNs)}) AND toDateTime(${instantParam(toNs)}) + 1 AND `
    : sql``;
  const rows = await driver.query<LogRow>(sql`
    SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS time, SeverityText AS severityText,
      SeverityNumber AS severityNumber, Body AS body, TraceId AS traceId, SpanId AS spanId,
      ServiceName AS service, LogAttributes AS attributes
    FROM otel_logs
    WHERE ${coarse}Timestamp BETWEEN ${instantParam(fromNs)} AND ${instantParam(toNs)}
      AND (${join(matches, ' OR ')})
    ORDER BY Timestamp
    LIMIT ${limit}`);
  return rows.map((row) => ({
    timeNs: parseNanos(row.time),
    severity: severityName(row.severityText, row.severityNumber),
    body: row.body,
    traceId: row.traceId,
    spanId: row.spanId,
    service: row.service,
    attributes: row.attributes,
  }));
}
