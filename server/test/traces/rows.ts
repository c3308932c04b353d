import type { AttributeMap, LogRow, SpanRow } from '@paylens/store';

/** Test helpers: stored rows (store/src/rows.ts shape) with exact nanosecond strings. */
export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind?: string;
  startNs: bigint;
  durationNs: bigint;
  status?: string;
  statusMessage?: string;
  attributes?: AttributeMap;
  resource?: AttributeMap;
  events?: { timeNs: bigint; name: string; attributes?: AttributeMap }[];
}

export function spanRow(spec: SpanSpec): SpanRow {
  return {
    Timestamp: spec.startNs.toString(),
    TraceId: spec.traceId,
    SpanId: spec.spanId,
    ParentSpanId: spec.parentSpanId ?? '',
    TraceState: '',
    SpanName: spec.name,
    SpanKind: spec.kind ?? 'Internal',
    ServiceName: spec.service,
    ResourceAttributes: { 'service.name': spec.service, ...spec.resource },
    ScopeName: 'paylens-test',
    ScopeVersion: '1',
    SpanAttributes: spec.attributes ?? {},
    Duration: spec.durationNs.toString(),
    StatusCode: spec.status ?? 'Unset',
    StatusMessage: spec.statusMessage ?? '',
    'Events.Timestamp': (spec.events ?? []).map((event) => event.timeNs.toString()),
    'Events.Name': (spec.events ?? []).map((event) => event.name),
    'Events.Attributes': (spec.events ?? []).map((event) => event.attributes ?? {}),
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  };
}

export interface LogSpec {
  timeNs: bigint;
  traceId?: string;
  spanId?: string;
  service: string;
  body: string;
  severityText?: string;
  severityNumber?: number;
  attributes?: AttributeMap;
}

export function logRow(spec: LogSpec): LogRow {
  return {
    Timestamp: spec.timeNs.toString(),
    TraceId: spec.traceId ?? '',
    SpanId: spec.spanId ?? '',
    TraceFlags: 1,
    SeverityText: spec.severityText ?? '',
    SeverityNumber: spec.severityNumber ?? 9,
    ServiceName: spec.service,
    Body: spec.body,
    ResourceSchemaUrl: '',
    ResourceAttributes: { 'service.name': spec.service },
    ScopeSchemaUrl: '',
    ScopeName: 'paylens-test',
    ScopeVersion: '1',
    ScopeAttributes: {},
    LogAttributes: spec.attributes ?? {},
  };
}

export function jsonEachRow(rows: readonly object[]): Buffer {
  return Buffer.from(rows.map((row) => JSON.stringify(row)).join('\n'));
}
