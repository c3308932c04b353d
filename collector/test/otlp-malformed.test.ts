import { describe, expect, it } from 'vitest';
import {
  decodeLogsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  OtlpDecodeError,
} from '../src/otlp/index.ts';
import {
  type Bytes,
  fieldBytes,
  fieldFixed32,
  fieldMessage,
  fieldString,
  fieldVarint,
  key,
  keyValue,
  spanBody,
  traceRequest,
} from './support/proto-writer.ts';

function decodeError(body: Buffer | Bytes): OtlpDecodeError {
  try {
    decodeTracesProtobuf(Buffer.from(body));
  } catch (error) {
    expect(error).toBeInstanceOf(OtlpDecodeError);
    expect((error as Error).name).toBe('OtlpDecodeError');
    return error as OtlpDecodeError;
  }
  throw new Error('expected an OtlpDecodeError');
}

/** An AnyValue holding `depth` arrays nested in each other. */
function nestedArrays(depth: number): Bytes {
  let value: Bytes = fieldString(1, 'leaf');
  for (let i = 0; i < depth; i++) value = fieldMessage(5, fieldMessage(1, value));
  return value;
}

describe('malformed protobuf requests throw OtlpDecodeError naming the problem', () => {
  it('a truncated varint', () => {
    expect(decodeError([0x0a, 0x80]).message).toBe('request: truncated varint at byte 1');
  });

  it('a varint longer than ten bytes', () => {
    expect(decodeError([0x0a, ...Array(11).fill(0xff)]).message).toBe(
      'request: varint longer than 10 bytes at byte 1',
    );
  });

  it('a length running past the end of the body', () => {
    expect(decodeError([0x0a, 0x05, 0x01]).message).toBe(
      'request: length 5 at byte 1 runs past the end of its message (1 bytes left)',
    );
  });

  it('a length running past the end of its parent message, though inside the body', () => {
    const span = spanBody();
    // The span claims 3 bytes more than its ScopeSpans holds; the body has them to spare.
    const scopeSpans = [...key(2, 2), span.length + 3, ...span];
    const body = [...fieldMessage(1, fieldBytes(2, scopeSpans)), 0, 0, 0];
    expect(decodeError(body).message).toMatch(
      /^resource 0: length \d+ at byte \d+ runs past the end of its message/,
    );
  });

  it('a known field with the wrong wire type', () => {
    const body = traceRequest([spanBody([fieldVarint(7, 5)])]);
    expect(decodeError(body).message).toBe(
      'span 0: Span.start_time_unix_nano has wire type 0 (varint), expected 1 (fixed64)',
    );
  });

  it('a known field of a nested message with the wrong wire type', () => {
    const body = traceRequest([spanBody([fieldMessage(9, fieldVarint(1, 3))])]);
    expect(decodeError(body).message).toBe(
      'span 0: KeyValue.key has wire type 0 (varint), expected 2 (length-delimited)',
    );
  });

  it('a truncated fixed64', () => {
    const span = [...spanBody(), ...key(8, 1), 1, 2, 3];
    expect(decodeError(traceRequest([span])).message).toMatch(/^span 0: truncated fixed64 at byte \d+$/);
  });

  it('an invalid wire type or field number zero', () => {
    expect(decodeError([0x0e]).message).toBe(
      'request: invalid field key 14 (field 1, wire type 6) at byte 0',
    );
    expect(decodeError([0x02, 0x00]).message).toBe(
      'request: invalid field key 2 (field 0, wire type 2) at byte 0',
    );
  });

  it('an end-group without its start, and an unterminated group', () => {
    expect(decodeError([...key(9, 4)]).message).toMatch(/unexpected end-group for field 9/);
    expect(decodeError([...key(9, 3), ...fieldVarint(1, 1)]).message).toBe(
      'request: unterminated group for field 9',
    );
  });

  it('attribute values nested deeper than the limit', () => {
    const body = traceRequest([spanBody([fieldMessage(9, keyValue('deep', nestedArrays(33)))])]);
    expect(decodeError(body).message).toBe('span 0: attribute value nested deeper than 32 levels');
    // At the limit it still decodes.
    const ok = traceRequest([spanBody([fieldMessage(9, keyValue('deep', nestedArrays(32)))])]);
    expect(decodeTracesProtobuf(ok).rows[0]!.SpanAttributes.deep).toBe(
      `${'['.repeat(32)}"leaf"${']'.repeat(32)}`,
    );
  });

  it('applies to logs as well', () => {
    const record = [...fieldFixed32(1, 5)];
    const body = fieldMessage(1, fieldMessage(2, fieldBytes(2, record)));
    expect(() => decodeLogsProtobuf(Buffer.from(body))).toThrow(
      'log 0: LogRecord.time_unix_nano has wire type 5 (fixed32), expected 1 (fixed64)',
    );
  });
});

describe('unknown fields are skipped by wire type', () => {
  it('skips varint, fixed64, length-delimited, fixed32 and group fields at every level', () => {
    const unknown: Bytes = [
      ...fieldVarint(99, 2n ** 63n),
      ...key(98, 1),
      ...Array(8).fill(7),
      ...fieldString(97, 'future'),
      ...fieldFixed32(96, 1),
      ...key(95, 3),
      ...fieldVarint(1, 1),
      ...key(94, 3),
      ...key(94, 4),
      ...key(95, 4),
    ];
    const body = Buffer.from([
      ...traceRequest(
        [spanBody([unknown, fieldMessage(9, keyValue('k', fieldString(1, 'v'), unknown), unknown)])],
        [unknown],
      ),
      ...unknown,
    ]);
    const { rows, rejected } = decodeTracesProtobuf(body);
    expect(rejected).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.SpanAttributes).toEqual({ k: 'v' });
    expect(rows[0]!.ServiceName).toBe('svc');
  });

  it('reads the resource even when it follows its scope spans', () => {
    const span = spanBody();
    const body = Buffer.from(
      fieldMessage(
        1,
        fieldMessage(2, fieldBytes(2, span)),
        fieldMessage(
          1,
          fieldMessage(1, fieldString(1, 'service.name'), fieldMessage(2, fieldString(1, 'late'))),
        ),
      ),
    );
    expect(decodeTracesProtobuf(body).rows[0]!.ServiceName).toBe('late');
  });

  it('decodes an empty request to no rows', () => {
    expect(decodeTracesProtobuf(Buffer.alloc(0))).toEqual({ rows: [], rejected: 0, errorMessage: undefined });
  });
});

describe('malformed OTLP/JSON requests throw OtlpDecodeError', () => {
  const cases: [string, string][] = [
    ['{"resourceSpans": [', 'invalid JSON: '],
    ['[1, 2]', 'request: the request must be an object, got an array'],
    ['{"resourceSpans": {}}', 'request: request.resourceSpans must be an array, got an object'],
    ['{"resourceSpans": [{"scopeSpans": [{"spans": [7]}]}]}', 'span 0: Span must be an object, got a number'],
    [
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"name": 5}]}]}]}',
      'span 0: Span.name must be a string, got a number',
    ],
    [
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "12.5"}]}]}]}',
      'span 0: Span.startTimeUnixNano must be a uint64 (decimal string or number), got a string',
    ],
    [
      '{"resourceSpans": [{"resource": {"attributes": [{"key": "a", "value": {"intValue": "1e3"}}]}}]}',
      'resource 0: AnyValue.intValue must be an integer (number or decimal string), got a string',
    ],
  ];
  it.each(cases)('%s', (body, message) => {
    expect(() => decodeTracesJson(body)).toThrow(OtlpDecodeError);
    expect(() => decodeTracesJson(body)).toThrow(message);
  });

  it('nesting deeper than the limit', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 33; i++) value = { arrayValue: { values: [value] } };
    const body = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ attributes: [{ key: 'deep', value }] }] }] }],
    });
    expect(() => decodeTracesJson(body)).toThrow('span 0: attribute value nested deeper than 32 levels');
  });
});
