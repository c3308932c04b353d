import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
} from '../src/otlp/index.ts';
import {
  type Bytes,
  fieldBytes,
  fieldFixed64,
  fieldMessage,
  fieldString,
  hex,
  keyValue,
  SPAN_ID,
  START_NS,
  spanBody,
  TRACE_ID,
  traceRequest,
} from './support/proto-writer.ts';

function attribute(name: string, value: string): Bytes {
  return fieldMessage(9, keyValue(name, fieldString(1, value)));
}

function onlyRow(body: Buffer) {
  const { rows, rejected } = decodeTracesProtobuf(body);
  expect(rejected).toBe(0);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('attribute count limit', () => {
  it('keeps a span with 100k attributes: the first 256, a dropped count, in linear time', () => {
    // Span.attributes (field 9) of KeyValue{key, value{string_value}}, all lengths < 128: one-byte varints.
    const attributes: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) {
      const k = Buffer.from(`k${i}`);
      const v = Buffer.from(`v${i}`);
      const keyValueBytes = Buffer.concat([
        Buffer.from([0x0a, k.length]),
        k,
        Buffer.from([0x12, v.length + 2, 0x0a, v.length]),
        v,
      ]);
      attributes.push(Buffer.from([0x4a, keyValueBytes.length]), keyValueBytes);
    }
    const body = traceRequest([spanBody([Buffer.concat(attributes)])]);
    const started = performance.now();
    const row = onlyRow(body);
    const elapsedMs = performance.now() - started;
    expect(Object.keys(row.SpanAttributes)).toHaveLength(257);
    expect(row.SpanAttributes.k0).toBe('v0');
    expect(row.SpanAttributes.k255).toBe('v255');
    expect(row.SpanAttributes.k256).toBeUndefined();
    expect(row.SpanAttributes['paylens.dropped_attributes_count']).toBe('99744');
    expect(elapsedMs).toBeLessThan(1000);
  });

  it('does the same for OTLP/JSON', () => {
    const attributes = Array.from({ length: 100_000 }, (_, i) => ({
      key: `k${i}`,
      value: { stringValue: `v${i}` },
    }));
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  startTimeUnixNano: START_NS.toString(),
                  attributes,
                },
              ],
            },
          ],
        },
      ],
    });
    const [row] = decodeTracesJson(body).rows;
    expect(Object.keys(row!.SpanAttributes)).toHaveLength(257);
    expect(row!.SpanAttributes['paylens.dropped_attributes_count']).toBe('99744');
  });

  it('applies to resources too, and honours custom limits', () => {
    const resource = [0, 1, 2, 3].map((i) => fieldMessage(1, keyValue(`r${i}`, fieldString(1, String(i)))));
    const body = traceRequest(
      [spanBody([attribute('a', '1'), attribute('b', '2'), attribute('c', '3')])],
      resource,
    );
    const { rows } = decodeTracesProtobuf(body, { ...DEFAULT_LIMITS, maxAttributes: 2 });
    expect(rows[0]!.SpanAttributes).toEqual({ a: '1', b: '2', 'paylens.dropped_attributes_count': '1' });
    // service.name plus r0 are kept; r1–r3 dropped.
    expect(rows[0]!.ResourceAttributes).toEqual({
      'service.name': 'svc',
      r0: '0',
      'paylens.dropped_attributes_count': '3',
    });
  });

  it('lets the last of a repeated key win, and stores __proto__ as data', () => {
    const row = onlyRow(
      traceRequest([
        spanBody([attribute('k', 'first'), attribute('k', 'last'), attribute('__proto__', 'x')]),
      ]),
    );
    expect(row.SpanAttributes.k).toBe('last');
    expect(Object.getOwnPropertyDescriptor(row.SpanAttributes, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(row.SpanAttributes)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(row.SpanAttributes))).toEqual(
      JSON.parse('{"k":"last","__proto__":"x"}'),
    );
  });
});

describe('value length limits', () => {
  it('truncates long attribute values and keys', () => {
    const row = onlyRow(traceRequest([spanBody([attribute('x'.repeat(2000), 'v'.repeat(20_000))])]));
    const [[key, value]] = Object.entries(row.SpanAttributes) as [[string, string]];
    expect(key).toBe('x'.repeat(1024));
    expect(value).toBe('v'.repeat(16 * 1024));
  });

  it('never splits a surrogate pair when truncating', () => {
    const text = `${'a'.repeat(16 * 1024 - 1)}🚀🚀`;
    const row = onlyRow(traceRequest([spanBody([attribute('emoji', text)])]));
    expect(row.SpanAttributes.emoji).toBe('a'.repeat(16 * 1024 - 1));
  });

  it('truncates arrays by their JSON text, and bytes by their base64', () => {
    const big = fieldMessage(
      5,
      ...Array.from({ length: 5000 }, () => fieldMessage(1, fieldString(1, 'abcdef'))),
    );
    const bytes = fieldBytes(7, Array(30_000).fill(0xff));
    const row = onlyRow(
      traceRequest([
        spanBody([fieldMessage(9, keyValue('list', big)), fieldMessage(9, keyValue('bytes', bytes))]),
      ]),
    );
    expect(row.SpanAttributes.list).toBe(`[${Array(5000).fill('"abcdef"').join(',')}]`.slice(0, 16 * 1024));
    expect(row.SpanAttributes.bytes).toBe(
      Buffer.alloc(30_000, 0xff)
        .toString('base64')
        .slice(0, 16 * 1024),
    );
  });

  it('truncates log bodies at 64 KiB', () => {
    const record = [...fieldFixed64(1, START_NS), ...fieldMessage(5, fieldString(1, 'b'.repeat(100_000)))];
    const body = Buffer.from(fieldMessage(1, fieldMessage(2, fieldBytes(2, record))));
    expect(decodeLogsProtobuf(body).rows[0]!.Body).toHaveLength(64 * 1024);
  });
});

describe('event and link limits', () => {
  it('keeps the first 128 events and counts the rest', () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      fieldMessage(11, fieldFixed64(1, START_NS + BigInt(i)), fieldString(2, `e${i}`)),
    );
    const row = onlyRow(traceRequest([spanBody(events)]));
    expect(row['Events.Name']).toHaveLength(128);
    expect(row['Events.Name'][127]).toBe('e127');
    expect(row['Events.Timestamp'][127]).toBe((START_NS + 127n).toString());
    expect(row.SpanAttributes['paylens.dropped_events_count']).toBe('72');
  });

  it('keeps the first 128 well-formed links and counts the rest and the malformed', () => {
    const good = fieldMessage(13, fieldBytes(1, hex(TRACE_ID)), fieldBytes(2, hex(SPAN_ID)));
    const malformed = fieldMessage(13, fieldBytes(1, [1, 2, 3]), fieldBytes(2, hex(SPAN_ID)));
    const row = onlyRow(traceRequest([spanBody([malformed, ...Array(130).fill(good)])]));
    expect(row['Links.TraceId']).toHaveLength(128);
    expect(row['Links.Attributes']).toHaveLength(128);
    expect(row.SpanAttributes['paylens.dropped_links_count']).toBe('3');
  });
});

describe('invalid UTF-8 and lone surrogates', () => {
  it('become U+FFFD in short and long protobuf strings, never throwing', () => {
    const short = [0x66, 0xff, 0x6f];
    const long = [...Array(40).fill(0x61), 0xc3, 0x28, 0xe2, 0x82];
    const span = spanBody([
      fieldMessage(9, fieldBytes(1, short), fieldMessage(2, fieldBytes(1, long))),
      fieldBytes(5, [0xed, 0xa0, 0x80]),
    ]);
    const row = onlyRow(traceRequest([span]));
    expect(row.SpanAttributes).toEqual({ 'f\ufffdo': `${'a'.repeat(40)}\ufffd(\ufffd` });
    expect(row.SpanName).toBe('\ufffd\ufffd\ufffd');
  });

  it('lone surrogates in OTLP/JSON strings become U+FFFD', () => {
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"${START_NS}","body":{"stringValue":"a\\ud800b"},"attributes":[{"key":"k\\udc00","value":{"stringValue":"v"}}]}]}]}]}`;
    const [row] = decodeLogsJson(body).rows;
    expect(row!.Body).toBe('a\ufffdb');
    expect(row!.LogAttributes).toEqual({ 'k\ufffd': 'v' });
  });
});
