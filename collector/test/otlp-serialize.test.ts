import { SPAN_COLUMNS } from '@paylens/store';
import { describe, expect, it } from 'vitest';
import { decodeTracesProtobuf, serializeRows } from '../src/otlp/index.ts';
import { traceFixture } from './support/otel-fixtures.ts';

describe('rows → JSONCompactEachRow', () => {
  it('writes one newline-terminated JSON array of the columns per row that reads back to the row', () => {
    const rows = decodeTracesProtobuf(traceFixture().protobuf).rows;
    const text = serializeRows(rows, SPAN_COLUMNS).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(rows.length);
    const readBack = lines.map((line) => {
      const values = JSON.parse(line) as unknown[];
      expect(values).toHaveLength(SPAN_COLUMNS.length);
      return Object.fromEntries(SPAN_COLUMNS.map((column, i) => [column, values[i]]));
    });
    expect(readBack).toEqual(rows);
  });

  it('writes the values in the order of the columns given, whatever the order of the row', () => {
    const row = { b: 'B', a: ['x'], c: { k: 'v' } };
    expect(serializeRows([row], ['a', 'b', 'c']).toString('utf8')).toBe('[["x"],"B",{"k":"v"}]\n');
    expect(serializeRows([row], ['c', 'a']).toString('utf8')).toBe('[{"k":"v"},["x"]]\n');
  });

  it('keeps non-ASCII text, escapes and __proto__ keys', () => {
    const attributes: Record<string, string> = {};
    Object.defineProperty(attributes, '__proto__', {
      value: 'p',
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const key = '支付';
    attributes[key] = 'line\nbreak "quoted"';
    const bytes = serializeRows(
      [{ 'Events.Name': ['a'], SpanAttributes: attributes }],
      ['Events.Name', 'SpanAttributes'],
    );
    expect(bytes.toString('utf8')).toBe('[["a"],{"__proto__":"p","支付":"line\\nbreak \\"quoted\\""}]\n');
  });

  it('writes requests far larger than one encoding piece whole, multi-byte text included', () => {
    // About 400 KB of lines, each with 3-byte characters, so pieces end mid-request and the whole
    // must still be every line once, in order.
    const rows = Array.from({ length: 4000 }, (_, i) => ({ n: i, text: `订单-${i}-${'é'.repeat(i % 50)}` }));
    const bytes = serializeRows(rows, ['n', 'text']);
    const lines = bytes.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(rows.map((row) => [row.n, row.text]));
    expect(bytes.length).toBeGreaterThan(1 << 17);
  });

  it('gives no bytes for no rows', () => {
    expect(serializeRows([], SPAN_COLUMNS)).toHaveLength(0);
  });
});
