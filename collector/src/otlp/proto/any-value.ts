import type { AttributeSink } from '../attribute-sink.ts';
import { OtlpDecodeError } from '../errors.ts';
import type { DecodeLimits } from '../limits.ts';
import { decodeUtf8, truncate } from '../text.ts';
import { formatDouble, jsonArray, jsonDouble, jsonObject, jsonString } from '../value-format.ts';
import { FIXED64, fieldTable, LEN, skipUnknown, VARINT, type WireReader } from './wire-reader.ts';

// opentelemetry.proto.common.v1: field keys (field << 3 | wire type).
const STRING_VALUE = 0x0a; // 1, LEN
const BOOL_VALUE = 0x10; // 2, varint
const INT_VALUE = 0x18; // 3, varint
const DOUBLE_VALUE = 0x21; // 4, fixed64
const ARRAY_VALUE = 0x2a; // 5, LEN
const KVLIST_VALUE = 0x32; // 6, LEN
const BYTES_VALUE = 0x3a; // 7, LEN
const ANY_VALUE_FIELDS = fieldTable('AnyValue', {
  1: ['string_value', LEN],
  2: ['bool_value', VARINT],
  3: ['int_value', VARINT],
  4: ['double_value', FIXED64],
  5: ['array_value', LEN],
  6: ['kvlist_value', LEN],
  7: ['bytes_value', LEN],
});
const KEY = 0x0a; // KeyValue.key = 1
const VALUE = 0x12; // KeyValue.value = 2
const KEY_VALUE_FIELDS = fieldTable('KeyValue', { 1: ['key', LEN], 2: ['value', LEN] });
const VALUES = 0x0a; // ArrayValue.values = 1, KeyValueList.values = 1
const LIST_FIELDS = fieldTable('ArrayValue', { 1: ['values', LEN] });

/** A repeated `attributes` field of any message: one KeyValue into the map, unless the limit is reached. */
export function readAttributeField(
  reader: WireReader,
  end: number,
  sink: AttributeSink,
  limits: DecodeLimits,
): void {
  const attributeEnd = reader.lengthEnd(end);
  if (sink.full) sink.drop();
  else decodeAttribute(reader, attributeEnd, sink, limits);
  reader.pos = attributeEnd;
}

/** One KeyValue into an attribute map. */
function decodeAttribute(reader: WireReader, end: number, sink: AttributeSink, limits: DecodeLimits): void {
  let key = '';
  let valueStart = -1;
  let valueEnd = -1;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === KEY) {
      const keyEnd = reader.lengthEnd(end);
      key = decodeUtf8(reader.buf, reader.pos, keyEnd, limits.maxAttributeKeyLength);
      reader.pos = keyEnd;
    } else if (tag === VALUE) {
      valueEnd = reader.lengthEnd(end);
      valueStart = reader.pos;
      reader.pos = valueEnd;
    } else skipUnknown(reader, tag, end, KEY_VALUE_FIELDS);
  }
  let value = '';
  if (valueStart >= 0) {
    reader.pos = valueStart;
    value = decodeAnyValueText(reader, valueEnd, limits, limits.maxAttributeValueLength);
    reader.pos = end;
  }
  sink.add(key, value);
}

/** An AnyValue as the exporter's string (see value-format.ts), at most `maxLength` code units. */
export function decodeAnyValueText(
  reader: WireReader,
  end: number,
  limits: DecodeLimits,
  maxLength: number,
): string {
  let text = '';
  while (reader.pos < end) {
    const tag = reader.tag(end);
    switch (tag) {
      case STRING_VALUE: {
        const stringEnd = reader.lengthEnd(end);
        text = decodeUtf8(reader.buf, reader.pos, stringEnd, maxLength);
        reader.pos = stringEnd;
        break;
      }
      case BOOL_VALUE:
        text = reader.varint(end) !== 0 ? 'true' : 'false';
        break;
      case INT_VALUE:
        text = reader.int64(end);
        break;
      case DOUBLE_VALUE:
        text = formatDouble(reader.double(end));
        break;
      case ARRAY_VALUE:
        text = truncate(decodeArrayJson(reader, reader.lengthEnd(end), 1, limits), maxLength);
        break;
      case KVLIST_VALUE:
        text = truncate(decodeKvlistJson(reader, reader.lengthEnd(end), 1, limits), maxLength);
        break;
      case BYTES_VALUE:
        text = truncate(base64Prefix(reader, reader.lengthEnd(end), maxLength), maxLength);
        break;
      default:
        skipUnknown(reader, tag, end, ANY_VALUE_FIELDS);
    }
  }
  return text;
}

function base64Prefix(reader: WireReader, end: number, maxLength: number): string {
  const start = reader.pos;
  reader.pos = end;
  const bytesNeeded = Math.ceil(maxLength / 4) * 3 + 3;
  return reader.buf.toString('base64', start, Math.min(end, start + bytesNeeded));
}

/** An AnyValue inside an array or key-value list, as JSON text. */
function decodeAnyValueJson(reader: WireReader, end: number, depth: number, limits: DecodeLimits): string {
  let json = 'null';
  while (reader.pos < end) {
    const tag = reader.tag(end);
    switch (tag) {
      case STRING_VALUE: {
        const stringEnd = reader.lengthEnd(end);
        json = jsonString(decodeUtf8(reader.buf, reader.pos, stringEnd, limits.maxAttributeValueLength));
        reader.pos = stringEnd;
        break;
      }
      case BOOL_VALUE:
        json = reader.varint(end) !== 0 ? 'true' : 'false';
        break;
      case INT_VALUE:
        json = reader.int64(end);
        break;
      case DOUBLE_VALUE:
        json = jsonDouble(reader.double(end));
        break;
      case ARRAY_VALUE:
        json = decodeArrayJson(reader, reader.lengthEnd(end), depth + 1, limits);
        break;
      case KVLIST_VALUE:
        json = decodeKvlistJson(reader, reader.lengthEnd(end), depth + 1, limits);
        break;
      case BYTES_VALUE:
        json = jsonString(base64Prefix(reader, reader.lengthEnd(end), limits.maxAttributeValueLength));
        break;
      default:
        skipUnknown(reader, tag, end, ANY_VALUE_FIELDS);
    }
  }
  return json;
}

function checkDepth(depth: number, limits: DecodeLimits): void {
  if (depth > limits.maxDepth) {
    throw new OtlpDecodeError(`attribute value nested deeper than ${limits.maxDepth} levels`);
  }
}

function decodeArrayJson(reader: WireReader, end: number, depth: number, limits: DecodeLimits): string {
  checkDepth(depth, limits);
  const items: string[] = [];
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === VALUES) {
      const itemEnd = reader.lengthEnd(end);
      items.push(decodeAnyValueJson(reader, itemEnd, depth, limits));
      reader.pos = itemEnd;
    } else skipUnknown(reader, tag, end, LIST_FIELDS);
  }
  return jsonArray(items);
}

function decodeKvlistJson(reader: WireReader, end: number, depth: number, limits: DecodeLimits): string {
  checkDepth(depth, limits);
  const entries: [string, string][] = [];
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === VALUES) {
      const entryEnd = reader.lengthEnd(end);
      entries.push(decodeKeyValueJson(reader, entryEnd, depth, limits));
      reader.pos = entryEnd;
    } else skipUnknown(reader, tag, end, LIST_FIELDS);
  }
  return jsonObject(entries);
}

function decodeKeyValueJson(
  reader: WireReader,
  end: number,
  depth: number,
  limits: DecodeLimits,
): [string, string] {
  let key = '';
  let json = 'null';
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === KEY) {
      const keyEnd = reader.lengthEnd(end);
      key = decodeUtf8(reader.buf, reader.pos, keyEnd, limits.maxAttributeKeyLength);
      reader.pos = keyEnd;
    } else if (tag === VALUE) {
      const valueEnd = reader.lengthEnd(end);
      json = decodeAnyValueJson(reader, valueEnd, depth, limits);
      reader.pos = valueEnd;
    } else skipUnknown(reader, tag, end, KEY_VALUE_FIELDS);
  }
  return [key, json];
}
