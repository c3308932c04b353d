import {
  type AttributeMap,
  type ClickHouseDriver,
  join,
  type SqlFragment,
  sql,
  typed,
  UNSAFE_raw,
} from '@paylens/store';

/**
 * Writes rows the way the OpenTelemetry Collector's `clickhouseexporter` does, bypassing paylens'
 * collector: its INSERT statement (column list of internal/sqltemplates/traces_insert.sql and
 * logs_insert.sql), one typed value per column, and its value conventions:
 * - Timestamp = span start as DateTime64(9); Duration = end − start in integer nanoseconds (UInt64);
 * - ServiceName = the resource's `service.name`; attributes as Map(String, String) (values `AsString`);
 * - Events/Links as the parallel arrays of their Nested columns;
 * - SpanKind/StatusCode in the spelling of the exporter version: `current` (v0.108.0 and later,
 *   `Server`/`Error`) or `legacy` (before it, the proto enum names `SPAN_KIND_SERVER`/`STATUS_CODE_ERROR`).
 */
export type ExporterSpelling = 'current' | 'legacy';

export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusName = 'unset' | 'ok' | 'error';

/** A span as the exporter receives it from the pipeline (pdata), before it becomes a row. */
export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState?: string;
  name: string;
  kind: SpanKindName;
  startNs: bigint;
  endNs: bigint;
  status: StatusName;
  statusMessage?: string;
  resource: AttributeMap;
  scope?: { name: string; version: string };
  attributes: AttributeMap;
  events?: readonly { timeNs: bigint; name: string; attributes: AttributeMap }[];
  links?: readonly { traceId: string; spanId: string; traceState: string; attributes: AttributeMap }[];
}

export interface ExportedLog {
  timeNs: bigint;
  traceId: string;
  spanId: string;
  flags?: number;
  severityText: string;
  severityNumber: number;
  body: string;
  resource: AttributeMap;
  scope?: { name: string; version: string };
  attributes: AttributeMap;
}

const CURRENT_KINDS: Record<SpanKindName, string> = {
  unspecified: 'Unspecified',
  internal: 'Internal',
  server: 'Server',
  client: 'Client',
  producer: 'Producer',
  consumer: 'Consumer',
};
const CURRENT_STATUSES: Record<StatusName, string> = { unset: 'Unset', ok: 'Ok', error: 'Error' };

export function exporterSpanKind(kind: SpanKindName, spelling: ExporterSpelling): string {
  return spelling === 'current' ? CURRENT_KINDS[kind] : `SPAN_KIND_${kind.toUpperCase()}`;
}

export function exporterStatusCode(status: StatusName, spelling: ExporterSpelling): string {
  return spelling === 'current' ? CURRENT_STATUSES[status] : `STATUS_CODE_${status.toUpperCase()}`;
}

/** `YYYY-MM-DD hh:mm:ss.nnnnnnnnn` (UTC), the text form of a DateTime64(9). */
export function dateTime64(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ')}.${fraction}`;
}

const map = (value: AttributeMap) => typed('Map(String, String)', value);
const strings = (values: readonly string[]) => typed('Array(String)', values);
const maps = (values: readonly AttributeMap[]) => typed('Array(Map(String, String))', values);

/** The exporter's default (`async_insert: true`); clickhouse-go waits for the flush. */
const EXPORTER_INSERT_SETTINGS = UNSAFE_raw('SETTINGS async_insert = 1, wait_for_async_insert = 1');

function spanValues(span: ExportedSpan, spelling: ExporterSpelling): SqlFragment {
  const events = span.events ?? [];
  const links = span.links ?? [];
  return sql`(${typed('DateTime64(9)', dateTime64(span.startNs))}, ${span.traceId}, ${span.spanId},
    ${span.parentSpanId}, ${span.traceState ?? ''}, ${span.name}, ${exporterSpanKind(span.kind, spelling)},
    ${span.resource['service.name'] ?? ''}, ${map(span.resource)}, ${span.scope?.name ?? ''},
    ${span.scope?.version ?? ''}, ${map(span.attributes)}, ${typed('UInt64', (span.endNs - span.startNs).toString())},
    ${exporterStatusCode(span.status, spelling)}, ${span.statusMessage ?? ''},
    ${typed(
      'Array(DateTime64(9))',
      events.map((event) => dateTime64(event.timeNs)),
    )}, ${strings(events.map((event) => event.name))}, ${maps(events.map((event) => event.attributes))},
    ${strings(links.map((link) => link.traceId))}, ${strings(links.map((link) => link.spanId))},
    ${strings(links.map((link) => link.traceState))}, ${maps(links.map((link) => link.attributes))})`;
}

function logValues(log: ExportedLog): SqlFragment {
  return sql`(${typed('DateTime64(9)', dateTime64(log.timeNs))}, ${log.traceId}, ${log.spanId},
    ${typed('UInt8', log.flags ?? 0)}, ${log.severityText}, ${typed('UInt8', log.severityNumber)},
    ${log.resource['service.name'] ?? ''}, ${log.body}, ${''}, ${map(log.resource)}, ${''},
    ${log.scope?.name ?? ''}, ${log.scope?.version ?? ''}, ${map({})}, ${map(log.attributes)})`;
}

/**
 * `spelling` may be one value for the whole batch or chosen per span (a fleet half upgraded).
 * Rows go in batches of `batchSize`, as the exporter's sending queue would.
 */
export async function insertExportedSpans(
  driver: ClickHouseDriver,
  spans: readonly ExportedSpan[],
  spelling: ExporterSpelling | ((span: ExportedSpan, index: number) => ExporterSpelling),
  batchSize = 64,
): Promise<void> {
  const spellingOf = typeof spelling === 'function' ? spelling : () => spelling;
  for (let i = 0; i < spans.length; i += batchSize) {
    const rows = spans.slice(i, i + batchSize).map((span, j) => spanValues(span, spellingOf(span, i + j)));
    await driver.command(
      sql`INSERT INTO otel_traces (
      Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
      ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage,
      Events.Timestamp, Events.Name, Events.Attributes,
      Links.TraceId, Links.SpanId, Links.TraceState, Links.Attributes
    ) ${EXPORTER_INSERT_SETTINGS} VALUES ${join(rows, ', ')}`,
    );
  }
}

export async function insertExportedLogs(
  driver: ClickHouseDriver,
  logs: readonly ExportedLog[],
  batchSize = 64,
): Promise<void> {
  for (let i = 0; i < logs.length; i += batchSize) {
    const rows = logs.slice(i, i + batchSize).map(logValues);
    await driver.command(
      sql`INSERT INTO otel_logs (
      Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
      ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes,
      LogAttributes
    ) ${EXPORTER_INSERT_SETTINGS} VALUES ${join(rows, ', ')}`,
    );
  }
}
