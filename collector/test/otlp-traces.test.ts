import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SpanRow } from '@paylens/store';
import { describe, expect, it } from 'vitest';
import { decodeTraces, decodeTracesJson, decodeTracesProtobuf } from '../src/otlp/index.ts';
import { expectedAttributes, hrTimeToNanos, traceFixture } from './support/otel-fixtures.ts';

const KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'Internal',
  [SpanKind.SERVER]: 'Server',
  [SpanKind.CLIENT]: 'Client',
  [SpanKind.PRODUCER]: 'Producer',
  [SpanKind.CONSUMER]: 'Consumer',
};
const STATUS_NAMES: Record<SpanStatusCode, string> = {
  [SpanStatusCode.UNSET]: 'Unset',
  [SpanStatusCode.OK]: 'Ok',
  [SpanStatusCode.ERROR]: 'Error',
};

/** The row the exporter would write for an SDK span, computed from the SDK's own span object. */
function expectedRow(span: ReadableSpan): SpanRow {
  const start = hrTimeToNanos(span.startTime);
  const end = hrTimeToNanos(span.endTime);
  return {
    Timestamp: start.toString(),
    TraceId: span.spanContext().traceId,
    SpanId: span.spanContext().spanId,
    ParentSpanId: span.parentSpanContext?.spanId ?? '',
    TraceState: span.spanContext().traceState?.serialize() ?? '',
    SpanName: span.name,
    SpanKind: KIND_NAMES[span.kind],
    ServiceName: String(span.resource.attributes['service.name']),
    ResourceAttributes: expectedAttributes(span.resource.attributes),
    ScopeName: span.instrumentationScope.name,
    ScopeVersion: span.instrumentationScope.version ?? '',
    SpanAttributes: expectedAttributes(span.attributes),
    Duration: (end - start).toString(),
    StatusCode: STATUS_NAMES[span.status.code],
    StatusMessage: span.status.message ?? '',
    'Events.Timestamp': span.events.map((event) => hrTimeToNanos(event.time).toString()),
    'Events.Name': span.events.map((event) => event.name),
    'Events.Attributes': span.events.map((event) => expectedAttributes(event.attributes ?? {})),
    'Links.TraceId': span.links.map((link) => link.context.traceId),
    'Links.SpanId': span.links.map((link) => link.context.spanId),
    'Links.TraceState': span.links.map((link) => link.context.traceState?.serialize() ?? ''),
    'Links.Attributes': span.links.map((link) => expectedAttributes(link.attributes ?? {})),
  };
}

describe('OTLP traces from the OpenTelemetry JS SDK', () => {
  const fixture = traceFixture();

  it('decodes protobuf into the exporter columns, field for field', () => {
    expect(fixture.spans).toHaveLength(5);
    const outcome = decodeTracesProtobuf(fixture.protobuf);
    expect(outcome.rejected).toBe(0);
    expect(outcome.errorMessage).toBeUndefined();
    expect(outcome.rows).toEqual(fixture.spans.map(expectedRow));
  });

  it('decodes OTLP/JSON into the exporter columns, field for field', () => {
    const outcome = decodeTracesJson(fixture.json);
    expect(outcome.rejected).toBe(0);
    expect(outcome.rows).toEqual(fixture.spans.map(expectedRow));
  });

  it('reads a plain Uint8Array view at an offset as well as a Buffer', () => {
    const padded = new Uint8Array(fixture.protobuf.length + 3);
    padded.set(fixture.protobuf, 3);
    const view = padded.subarray(3);
    expect(decodeTracesProtobuf(view).rows).toEqual(decodeTracesProtobuf(fixture.protobuf).rows);
    expect(decodeTracesJson(new Uint8Array(fixture.json)).rows).toEqual(decodeTracesJson(fixture.json).rows);
  });

  it('gives identical rows for protobuf and JSON of the same spans, serialized identically', () => {
    const fromProtobuf = decodeTraces(fixture.protobuf, 'protobuf').rows;
    const fromJson = decodeTraces(fixture.json, 'json').rows;
    expect(JSON.stringify(fromJson)).toBe(JSON.stringify(fromProtobuf));
  });

  it('keeps exact nanoseconds beyond 2^53 and long durations', () => {
    const root = decodeTracesProtobuf(fixture.protobuf).rows.find(
      (row) => row.SpanName === 'POST /checkout',
    )!;
    expect(root.Timestamp).toBe('1714564800123456789');
    expect(root.Duration).toBe('999999999999');
    const child = decodeTracesProtobuf(fixture.protobuf).rows.find((row) => row.SpanName === 'risk.check')!;
    expect(child.Duration).toBe('2999990122');
  });

  it('stringifies attribute values like the ClickHouse exporter', () => {
    const root = decodeTracesJson(fixture.json).rows.find((row) => row.SpanName === 'POST /checkout')!;
    expect(root.SpanAttributes).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': '201',
      'payment.amount': '12.5',
      'payment.retry': 'false',
      'payment.offset': '-42',
      'payment.big': '1152921504606846976',
      'payment.tags': '["a","b\\"quoted\\""]',
      'payment.codes': '[1,2,3]',
      'payment.ratios': '[0.25,1e-7]',
      'payment.flags': '[true,false]',
      'payment.note': '支付 ✓ émoji 🚀',
    });
    expect(root.ResourceAttributes['host.cpu.count']).toBe('4');
  });

  it('records exceptions as events with their attributes', () => {
    const child = decodeTracesProtobuf(fixture.protobuf).rows.find((row) => row.SpanName === 'risk.check')!;
    expect(child['Events.Name']).toEqual(['exception']);
    expect(child['Events.Attributes'][0]).toMatchObject({
      'exception.type': 'TimeoutError',
      'exception.message': 'risk engine timed out',
    });
    expect(child.StatusCode).toBe('Error');
    expect(child.StatusMessage).toBe('DEADLINE_EXCEEDED');
  });
});
