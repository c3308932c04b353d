import { type LogRow, SPAN_KINDS, type SpanRow, STATUS_CODES } from '@paylens/store';
import type { ResourceInfo, ScopeInfo } from './origin.ts';

/** A span row with every column present (one hidden class), filled in by a decoder. */
export function newSpanRow(resource: ResourceInfo, scope: ScopeInfo): SpanRow {
  return {
    Timestamp: '0',
    TraceId: '',
    SpanId: '',
    ParentSpanId: '',
    TraceState: '',
    SpanName: '',
    SpanKind: 'Unspecified',
    ServiceName: resource.serviceName,
    ResourceAttributes: resource.attributes,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    SpanAttributes: {},
    Duration: '0',
    StatusCode: 'Unset',
    StatusMessage: '',
    'Events.Timestamp': [],
    'Events.Name': [],
    'Events.Attributes': [],
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  };
}

export function newLogRow(resource: ResourceInfo, scope: ScopeInfo): LogRow {
  return {
    Timestamp: '0',
    TraceId: '',
    SpanId: '',
    TraceFlags: 0,
    SeverityText: '',
    SeverityNumber: 0,
    ServiceName: resource.serviceName,
    Body: '',
    ResourceSchemaUrl: resource.schemaUrl,
    ResourceAttributes: resource.attributes,
    ScopeSchemaUrl: scope.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    LogAttributes: {},
  };
}

/** SpanKind enum number → the exporter's name; unknown numbers read as Unspecified. */
export function spanKindName(kind: number): string {
  return SPAN_KINDS[kind] ?? 'Unspecified';
}

/** Status.StatusCode enum number → the exporter's name; unknown numbers read as Unset. */
export function statusCodeName(code: number): string {
  return STATUS_CODES[code] ?? 'Unset';
}

/** Log severity numbers are 1–24 (0 = unspecified); anything else is stored as 0. */
export function severityNumberOf(value: number): number {
  return Number.isInteger(value) && value >= 0 && value <= 24 ? value : 0;
}

/** Log attribute for LogRecord.event_name: the exporter's schema has no column for it. */
export const EVENT_NAME_KEY = 'event.name';
