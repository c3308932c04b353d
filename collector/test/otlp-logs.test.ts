import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { LogRow } from '@paylens/store';
import { describe, expect, it } from 'vitest';
import { decodeLogs, decodeLogsJson, decodeLogsProtobuf } from '../src/otlp/index.ts';
import { expectedAttributes, hrTimeToNanos, logsFixture } from './support/otel-fixtures.ts';

// Bodies in emission order (see logsFixture), as the exporter's Body column holds them:
// strings as-is, scalars in their text form, bytes base64, maps and arrays as JSON with sorted keys.
const EXPECTED_BODIES = [
  'payment authorised',
  '{"codes":[504,"x"],"error":"timeout","retry":{"backoffMs":150.5,"count":2}}',
  '42',
  'true',
  'AAEC+v8=',
  '["a",1.5,null]',
];

function expectedRow(record: ReadableLogRecord, index: number): LogRow {
  const attributes = expectedAttributes(record.attributes as Record<string, string | number>);
  if (record.eventName) attributes['event.name'] = record.eventName;
  return {
    Timestamp: hrTimeToNanos(record.hrTime).toString(),
    TraceId: record.spanContext?.traceId ?? '',
    SpanId: record.spanContext?.spanId ?? '',
    TraceFlags: record.spanContext?.traceFlags ?? 0,
    SeverityText: record.severityText ?? '',
    SeverityNumber: record.severityNumber ?? 0,
    ServiceName: String(record.resource.attributes['service.name']),
    Body: EXPECTED_BODIES[index]!,
    ResourceSchemaUrl: '',
    ResourceAttributes: expectedAttributes(record.resource.attributes),
    ScopeSchemaUrl: '',
    ScopeName: record.instrumentationScope.name,
    ScopeVersion: record.instrumentationScope.version ?? '',
    ScopeAttributes: {},
    LogAttributes: attributes,
  };
}

describe('OTLP logs from the OpenTelemetry JS SDK', () => {
  const fixture = logsFixture();

  it('decodes protobuf into the exporter columns, field for field', () => {
    expect(fixture.records).toHaveLength(EXPECTED_BODIES.length);
    const outcome = decodeLogsProtobuf(fixture.protobuf);
    expect(outcome.rejected).toBe(0);
    expect(outcome.rows).toEqual(fixture.records.map(expectedRow));
  });

  it('decodes OTLP/JSON into the exporter columns, field for field', () => {
    const outcome = decodeLogsJson(fixture.json);
    expect(outcome.rejected).toBe(0);
    expect(outcome.rows).toEqual(fixture.records.map(expectedRow));
  });

  it('gives identical rows for protobuf and JSON of the same records', () => {
    const fromProtobuf = decodeLogs(fixture.protobuf, 'protobuf').rows;
    const fromJson = decodeLogs(fixture.json, 'json').rows;
    expect(JSON.stringify(fromJson)).toBe(JSON.stringify(fromProtobuf));
  });

  it('correlates by trace and span id with the sampled flag', () => {
    const [first, second] = decodeLogsProtobuf(fixture.protobuf).rows;
    expect(first).toMatchObject({
      TraceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      SpanId: '00f067aa0ba902b7',
      TraceFlags: 1,
      Timestamp: '1714564800123456789',
    });
    expect(second).toMatchObject({ TraceId: '', SpanId: '', TraceFlags: 0 });
  });
});
