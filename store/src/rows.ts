/**
 * Rows as stored, in the OpenTelemetry Collector ClickHouse exporter's column names.
 * Timestamps and durations are integer nanoseconds kept as decimal strings: they exceed 2^53.
 */

/** Integer nanoseconds (since the Unix epoch for instants), as a decimal string. */
export type NanosString = string;

export type AttributeMap = Record<string, string>;

export interface SpanRow {
  Timestamp: NanosString;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: AttributeMap;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: AttributeMap;
  Duration: NanosString;
  StatusCode: string;
  StatusMessage: string;
  'Events.Timestamp': NanosString[];
  'Events.Name': string[];
  'Events.Attributes': AttributeMap[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': AttributeMap[];
}

export interface LogRow {
  Timestamp: NanosString;
  TraceId: string;
  SpanId: string;
  TraceFlags: number;
  SeverityText: string;
  SeverityNumber: number;
  ServiceName: string;
  Body: string;
  ResourceSchemaUrl: string;
  ResourceAttributes: AttributeMap;
  ScopeSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: AttributeMap;
  LogAttributes: AttributeMap;
}

export const TRACES_TABLE = 'otel_traces';
export const LOGS_TABLE = 'otel_logs';

/** Span kinds as the current exporter spells them; readers also accept `SPAN_KIND_*`. */
export const SPAN_KINDS = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;
/** Status codes as the current exporter spells them; readers also accept `STATUS_CODE_*`. */
export const STATUS_CODES = ['Unset', 'Ok', 'Error'] as const;
