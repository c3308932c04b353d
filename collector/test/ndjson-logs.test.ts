import { describe, expect, it } from 'vitest';
import { parseLogTimestamp, parseNdjsonLogs, severityOf } from '../src/ndjson/index.ts';
import { formatInstant } from '../src/otlp/nanos.ts';

const NOW_NS = '1714564800000000000';
const parse = (text: string, options = {}) =>
  parseNdjsonLogs(Buffer.from(text), { nowNs: () => NOW_NS, ...options });
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('NDJSON log lines', () => {
  it('maps the well-known fields and turns the rest into flattened attributes', () => {
    const line = {
      timestamp: '2024-05-01T12:00:00.123456789Z',
      level: 'warn',
      message: 'card declined',
      trace_id: TRACE.toUpperCase(),
      span_id: SPAN,
      service: 'payment-svc',
      payment: { channel: 'card', amount: 12.5, retry: { count: 2 } },
      tags: ['a', 'b'],
      ok: false,
      missing: null,
    };
    const { rows, rejected } = parse(`${JSON.stringify(line)}\n`);
    expect(rejected).toBe(0);
    expect(rows).toEqual([
      {
        Timestamp: '1714564800123456789',
        TraceId: TRACE,
        SpanId: SPAN,
        TraceFlags: 0,
        SeverityText: 'warn',
        SeverityNumber: 13,
        ServiceName: 'payment-svc',
        Body: 'card declined',
        ResourceSchemaUrl: '',
        ResourceAttributes: { 'service.name': 'payment-svc' },
        ScopeSchemaUrl: '',
        ScopeName: '',
        ScopeVersion: '',
        ScopeAttributes: {},
        LogAttributes: {
          'payment.channel': 'card',
          'payment.amount': '12.5',
          'payment.retry.count': '2',
          tags: '["a","b"]',
          ok: 'false',
          missing: 'null',
        },
      },
    ]);
  });

  it('reads pino lines: epoch-ms `time`, numeric `level`, `msg`', () => {
    const [row] = parse('{"level":50,"time":1714564800123,"pid":7,"hostname":"h","msg":"boom"}').rows;
    expect(row).toMatchObject({
      Timestamp: '1714564800123000000',
      SeverityText: 'error',
      SeverityNumber: 17,
      Body: 'boom',
      LogAttributes: { pid: '7', hostname: 'h' },
    });
  });

  it('rejects bad lines with their line numbers and keeps the good ones', () => {
    const text = [
      '{"msg":"one"}',
      '',
      'not json',
      '[1,2]',
      '{"msg":"two","timestamp":"yesterday"}',
      `{"msg":"three","trace_id":"abc"}`,
      '{"msg":"four","timestamp":"1990-01-01T00:00:00Z"}',
      '{"msg":"five"}\r',
    ].join('\n');
    const { rows, rejected, errorMessage } = parse(text);
    expect(rows.map((row) => row.Body)).toEqual(['one', 'five']);
    expect(rejected).toBe(5);
    expect(errorMessage).toMatch(
      /^5 lines rejected: line 3: invalid JSON \(.+\); line 4: not a JSON object; /,
    );
    expect(errorMessage).toContain('; line 5: unreadable timestamp "yesterday"');
    expect(errorMessage).toContain('; line 6: trace_id must be 32 hex characters, got "abc"');
    expect(errorMessage).toContain('; line 7: timestamp 631152000000000000 is outside the years 2000–2199');
  });

  it('uses the receive time when a line has no timestamp, and takes no body as empty', () => {
    const [row] = parse('{"level":"info"}').rows;
    expect(row).toMatchObject({ Timestamp: NOW_NS, Body: '', SeverityNumber: 9 });
  });

  it('keeps structured bodies as JSON', () => {
    const [row] = parse('{"body":{"b":1,"a":[true]}}').rows;
    expect(row!.Body).toBe('{"b":1,"a":[true]}');
  });

  it('honours field-name overrides, dotted paths and an id regex on the message', () => {
    const options = {
      fields: { timestamp: ['at'], body: ['event.text'], traceId: ['ctx.trace'], severity: ['sev'] },
      idPattern: /trace=(?<trace_id>[0-9a-f]{32}) span=(?<span_id>[0-9a-f]{16})/,
    };
    const lines = [
      JSON.stringify({ at: 1714564800, sev: 'ERROR', event: { text: 'x', other: 1 }, ctx: { trace: TRACE } }),
      JSON.stringify({ at: 1714564800.5, event: { text: `failed trace=${TRACE} span=${SPAN}` } }),
      JSON.stringify({ timestamp: 'kept as attribute', at: '1714564800000001' }),
    ].join('\n');
    const { rows, rejected } = parse(lines, options);
    expect(rejected).toBe(0);
    expect(rows[0]).toMatchObject({
      Timestamp: '1714564800000000000',
      SeverityNumber: 17,
      Body: 'x',
      TraceId: TRACE,
      SpanId: '',
      LogAttributes: { 'event.other': '1' },
    });
    expect(rows[1]).toMatchObject({ Timestamp: '1714564800500000000', TraceId: TRACE, SpanId: SPAN });
    expect(rows[2]).toMatchObject({
      Timestamp: '1714564800000001000',
      LogAttributes: { timestamp: 'kept as attribute' },
    });
  });

  it('limits attributes and lengths like OTLP', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]));
    const [row] = parse(JSON.stringify({ ...wide, msg: 'm'.repeat(70_000) })).rows;
    expect(Object.keys(row!.LogAttributes)).toHaveLength(257);
    expect(row!.LogAttributes['paylens.dropped_attributes_count']).toBe('44');
    expect(row!.Body).toHaveLength(64 * 1024);
  });

  it('reads invalid UTF-8 as U+FFFD and lone surrogates likewise', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"msg":"a'),
      Buffer.from([0xff]),
      Buffer.from('b","k":"\\ud800"}'),
    ]);
    const [row] = parseNdjsonLogs(bytes, { nowNs: () => NOW_NS }).rows;
    expect(row!.Body).toBe('a\ufffdb');
    expect(row!.LogAttributes.k).toBe('\ufffd');
  });
});

describe('log timestamps', () => {
  const cases: [unknown, string][] = [
    ['2024-05-01T12:00:00Z', '1714564800000000000'],
    ['2024-05-01T12:00:00.1Z', '1714564800100000000'],
    ['2024-05-01 14:00:00.000001+02:00', '1714564800000001000'],
    ['2024-05-01T07:30:00-0430', '1714564800000000000'],
    ['2024-05-01T12:00:00', '1714564800000000000'],
    ['2024-05-01', '1714521600000000000'],
    [1714564800, '1714564800000000000'],
    [1714564800.25, '1714564800250000000'],
    [1714564800123, '1714564800123000000'],
    [1714564800123456, '1714564800123456000'],
    ['1714564800123456789', '1714564800123456789'],
    ['1714564800.123456789', '1714564800123456789'],
  ];
  it.each(cases)('%j → %s ns', (input, expected) => {
    expect(formatInstant(parseLogTimestamp(input)!)).toBe(expected);
  });

  it.each([['2024-13-01T00:00:00Z'], ['2024-02-30'], ['soon'], [-5], [true], [{}]])('refuses %j', (input) => {
    expect(parseLogTimestamp(input)).toBeUndefined();
  });
});

describe('severity levels', () => {
  const cases: [unknown, number][] = [
    ['trace', 1],
    ['DEBUG', 5],
    ['Info', 9],
    ['warning', 13],
    ['ERROR', 17],
    ['fatal', 21],
    ['critical', 21],
    ['INFO3', 11],
    [30, 9],
    [60, 21],
    [14, 14],
    ['verbose', 0],
    [undefined, 0],
  ];
  it.each(cases)('%j → %i', (level, number) => {
    expect(severityOf(level).number).toBe(number);
  });
});
