import { describe, expect, it } from 'vitest';
import { decodeTracesProtobuf, serializeRows } from '../src/otlp/index.ts';
import { traceFixture } from './support/otel-fixtures.ts';

describe('rows → JSONEachRow', () => {
  it('writes one newline-terminated JSON object per row that reads back to the row', () => {
    const rows = decodeTracesProtobuf(traceFixture().protobuf).rows;
    const text = serializeRows(rows).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(rows.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(rows);
  });

  it('keeps column names with dots, non-ASCII text and __proto__ keys', () => {
    const attributes: Record<string, string> = {};
    Object.defineProperty(attributes, '__proto__', {
      value: 'p',
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const key = '支付';
    attributes[key] = 'line\nbreak "quoted"';
    const bytes = serializeRows([{ 'Events.Name': ['a'], SpanAttributes: attributes }]);
    expect(bytes.toString('utf8')).toBe(
      '{"Events.Name":["a"],"SpanAttributes":{"__proto__":"p","支付":"line\\nbreak \\"quoted\\""}}\n',
    );
  });

  it('gives no bytes for no rows', () => {
    expect(serializeRows([])).toHaveLength(0);
  });
});
