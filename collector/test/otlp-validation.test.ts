import { describe, expect, it } from 'vitest';
import {
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
} from '../src/otlp/index.ts';
import {
  type Bytes,
  fieldBytes,
  fieldFixed32,
  fieldFixed64,
  fieldMessage,
  fieldString,
  fieldVarint,
  hex,
  PARENT_ID,
  SPAN_ID,
  START_NS,
  spanBody,
  TRACE_ID,
  traceRequest,
} from './support/proto-writer.ts';

const YEAR_1990_NS = 631152000n * 1_000_000_000n;
const YEAR_2300_NS = 10413792000n * 1_000_000_000n;

describe('span validation with partial_success semantics (protobuf)', () => {
  const cases: [string, Bytes, string][] = [
    ['short trace id', spanBody([], { traceId: [1, 2, 3, 4, 5] }), 'trace_id must be 16 bytes, got 5'],
    ['missing trace id', spanBody([], { traceId: [] }), 'trace_id must be 16 bytes, got 0'],
    ['all-zero trace id', spanBody([], { traceId: Array(16).fill(0) }), 'trace_id is all zeros'],
    ['long span id', spanBody([], { spanId: Array(9).fill(1) }), 'span_id must be 8 bytes, got 9'],
    ['all-zero span id', spanBody([], { spanId: Array(8).fill(0) }), 'span_id is all zeros'],
    ['bad parent', spanBody([fieldBytes(4, [1, 2])]), 'parent_span_id must be empty or 8 bytes, got 2'],
    ['zero start', spanBody([], { start: 0n }), 'start_time_unix_nano is 0'],
    [
      'start in 1990',
      spanBody([], { start: YEAR_1990_NS }),
      'start_time_unix_nano 631152000000000000 is outside the years 2000–2199',
    ],
    [
      'start in 2300',
      spanBody([], { start: YEAR_2300_NS }),
      'start_time_unix_nano 10413792000000000000 is outside the years 2000–2199',
    ],
  ];

  it.each(cases)('rejects a span with a %s and keeps the others', (_name, bad, reason) => {
    const { rows, rejected, errorMessage } = decodeTracesProtobuf(
      traceRequest([spanBody(), bad, spanBody()]),
    );
    expect(rows).toHaveLength(2);
    expect(rejected).toBe(1);
    expect(errorMessage).toBe(`1 span rejected: span 1: ${reason}`);
  });

  it('summarises the first five reasons', () => {
    const bad = spanBody([], { start: 0n });
    const { rejected, errorMessage } = decodeTracesProtobuf(traceRequest(Array(7).fill(bad)));
    expect(rejected).toBe(7);
    expect(errorMessage).toBe(
      `7 spans rejected: ${[0, 1, 2, 3, 4].map((i) => `span ${i}: start_time_unix_nano is 0`).join('; ')}; …`,
    );
  });

  it('reads an all-zero parent as a root, and an end before the start as duration 0', () => {
    const span = spanBody([fieldBytes(4, Array(8).fill(0)), fieldFixed64(8, START_NS - 1n)]);
    const [row] = decodeTracesProtobuf(traceRequest([span])).rows;
    expect(row!.ParentSpanId).toBe('');
    expect(row!.Duration).toBe('0');
  });

  it('reads ids as lowercase hex, unknown enum values as Unspecified/Unset', () => {
    const span = spanBody([
      fieldBytes(4, hex(PARENT_ID)),
      fieldVarint(6, 77),
      fieldMessage(15, fieldVarint(3, 9)),
    ]);
    const [row] = decodeTracesProtobuf(traceRequest([span])).rows;
    expect(row).toMatchObject({
      TraceId: TRACE_ID,
      SpanId: SPAN_ID,
      ParentSpanId: PARENT_ID,
      SpanKind: 'Unspecified',
      StatusCode: 'Unset',
      Timestamp: START_NS.toString(),
      Duration: '1500000',
    });
  });
});

function jsonSpan(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    traceId: TRACE_ID.toUpperCase(),
    spanId: SPAN_ID,
    name: 'GET /orders',
    kind: 2,
    startTimeUnixNano: START_NS.toString(),
    endTimeUnixNano: (START_NS + 1_500_000n).toString(),
    ...overrides,
  };
}

function jsonTraces(spans: Record<string, unknown>[]): string {
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

describe('span validation with partial_success semantics (OTLP/JSON)', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ traceId: 'abc' }, 'trace_id must be 32 hex characters, got "abc"'],
    [
      { traceId: 'CgpUZXN0IHRyYWNlIGlkIQ==' },
      'trace_id must be 32 hex characters, got "CgpUZXN0IHRyYWNlIGlkIQ=="',
    ],
    [{ traceId: '0'.repeat(32) }, 'trace_id is all zeros'],
    [{ spanId: 'zz'.repeat(8) }, 'span_id must be 16 hex characters, got "zzzzzzzzzzzzzzzz"'],
    [{ spanId: '0'.repeat(16) }, 'span_id is all zeros'],
    [{ parentSpanId: '123' }, 'parent_span_id must be empty or 16 hex characters, got "123"'],
    [{ startTimeUnixNano: '0' }, 'start_time_unix_nano is 0'],
    [
      { startTimeUnixNano: '946684799999999999' },
      'start_time_unix_nano 946684799999999999 is outside the years 2000–2199',
    ],
  ];

  it.each(cases)('rejects %j and keeps the others', (override, reason) => {
    const { rows, rejected, errorMessage } = decodeTracesJson(jsonTraces([jsonSpan({}), jsonSpan(override)]));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.TraceId).toBe(TRACE_ID);
    expect(rejected).toBe(1);
    expect(errorMessage).toBe(`1 span rejected: span 1: ${reason}`);
  });

  it('accepts numbers for 64-bit fields, enum names, and snake_case keys', () => {
    const body = JSON.stringify({
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: TRACE_ID,
                  span_id: SPAN_ID,
                  parent_span_id: PARENT_ID,
                  kind: 'SPAN_KIND_CONSUMER',
                  start_time_unix_nano: 1714564800000000000,
                  end_time_unix_nano: '1714564800000000250',
                  status: { code: 'STATUS_CODE_ERROR', message: 'x' },
                  attributes: [{ key: 'n', value: { int_value: '-9223372036854775808' } }],
                },
              ],
            },
          ],
        },
      ],
    });
    const [row] = decodeTracesJson(body).rows;
    expect(decodeTracesJson(body.replace('SPAN_KIND_CONSUMER', 'consumer')).rows[0]!.SpanKind).toBe(
      'Consumer',
    );
    expect(row).toMatchObject({
      ServiceName: 'snake',
      ParentSpanId: PARENT_ID,
      SpanKind: 'Consumer',
      StatusCode: 'Error',
      Timestamp: '1714564800000000000',
      Duration: '250',
      SpanAttributes: { n: '-9223372036854775808' },
    });
  });
});

/** ExportLogsServiceRequest with one record built from these LogRecord fields. */
function logRequest(...records: Bytes[]): Buffer {
  return Buffer.from(fieldMessage(1, fieldMessage(2, ...records.map((record) => fieldBytes(2, record)))));
}

describe('log validation', () => {
  const body = fieldMessage(5, fieldString(1, 'hello'));

  it('keeps uncorrelated records and reads all-zero ids as none', () => {
    const { rows } = decodeLogsProtobuf(
      logRequest(
        [...fieldFixed64(1, START_NS), ...body],
        [
          ...fieldFixed64(1, START_NS),
          ...fieldBytes(9, Array(16).fill(0)),
          ...fieldBytes(10, Array(8).fill(0)),
        ],
      ),
    );
    expect(rows.map((row) => [row.TraceId, row.SpanId])).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  it('uses the observed time when the event time is 0, and masks flags to the trace flags', () => {
    const [row] = decodeLogsProtobuf(
      logRequest([...fieldFixed64(11, START_NS + 5n), ...fieldFixed32(8, 0x1ff), ...body]),
    ).rows;
    expect(row).toMatchObject({ Timestamp: (START_NS + 5n).toString(), TraceFlags: 0xff, Body: 'hello' });
  });

  it('rejects malformed ids and missing times, keeping the rest', () => {
    const { rows, rejected, errorMessage } = decodeLogsProtobuf(
      logRequest(
        [...fieldFixed64(1, START_NS), ...fieldBytes(9, [1, 2, 3])],
        [...fieldFixed64(1, START_NS), ...fieldBytes(10, [1, 2, 3])],
        [...body],
        [...fieldFixed64(1, START_NS), ...fieldBytes(9, hex(TRACE_ID)), ...fieldBytes(10, hex(SPAN_ID))],
      ),
    );
    expect(rows.map((row) => row.SpanId)).toEqual([SPAN_ID]);
    expect(rejected).toBe(3);
    expect(errorMessage).toBe(
      '3 logs rejected: log 0: trace_id must be empty or 16 bytes, got 3; log 1: span_id must be empty or 8 bytes, got 3; log 2: time_unix_nano and observed_time_unix_nano are both 0',
    );
  });

  it('applies the same rules to OTLP/JSON', () => {
    const request = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { observedTimeUnixNano: START_NS.toString(), traceId: '', spanId: '' },
                { timeUnixNano: START_NS.toString(), traceId: 'xyz' },
                { timeUnixNano: START_NS.toString(), severityNumber: 'SEVERITY_NUMBER_WARN', flags: 513 },
              ],
            },
          ],
        },
      ],
    });
    const { rows, rejected, errorMessage } = decodeLogsJson(request);
    expect(rows.map((row) => [row.Timestamp, row.SeverityNumber, row.TraceFlags])).toEqual([
      [START_NS.toString(), 0, 0],
      [START_NS.toString(), 13, 1],
    ]);
    expect(rejected).toBe(1);
    expect(errorMessage).toBe(
      '1 log rejected: log 1: trace_id must be empty or 32 hex characters, got "xyz"',
    );
  });
});
