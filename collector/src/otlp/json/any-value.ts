import type { AttributeSink } from '../attribute-sink.ts';
import { OtlpDecodeError } from '../errors.ts';
import type { DecodeLimits } from '../limits.ts';
import { truncate, wellFormed } from '../text.ts';
import { formatDouble, jsonArray, jsonDouble, jsonObject, jsonString } from '../value-format.ts';
import { asObject, get, type JsonObject, jsonKey, typeError } from './fields.ts';

// The AnyValue oneof, in the order a (malformed) value with several members is read.
const STRING_VALUE = jsonKey('AnyValue', 'stringValue');
const BOOL_VALUE = jsonKey('AnyValue', 'boolValue');
const INT_VALUE = jsonKey('AnyValue', 'intValue');
const DOUBLE_VALUE = jsonKey('AnyValue', 'doubleValue');
const ARRAY_VALUE = jsonKey('AnyValue', 'arrayValue');
const KVLIST_VALUE = jsonKey('AnyValue', 'kvlistValue');
const BYTES_VALUE = jsonKey('AnyValue', 'bytesValue');
const ONE_OF = [STRING_VALUE, BOOL_VALUE, INT_VALUE, DOUBLE_VALUE, ARRAY_VALUE, KVLIST_VALUE, BYTES_VALUE];
const [STRING, BOOL, INT, DOUBLE, ARRAY, KVLIST] = [0, 1, 2, 3, 4, 5];
const VALUES = jsonKey('ArrayValue', 'values');
const KEY = jsonKey('KeyValue', 'key');
const VALUE = jsonKey('KeyValue', 'value');

/** A `attributes` array of KeyValue into an attribute map (mirrors proto/any-value.ts). */
export function addAttributes(list: readonly unknown[], sink: AttributeSink, limits: DecodeLimits): void {
  for (const item of list) {
    if (sink.full) {
      sink.drop();
      continue;
    }
    const keyValue = asObject(item, 'KeyValue');
    const key = get(keyValue, KEY) ?? '';
    if (typeof key !== 'string') throw typeError(KEY.label, 'a string', key);
    const value = get(keyValue, VALUE);
    const text =
      value === undefined
        ? ''
        : anyValueText(asObject(value, VALUE.label), limits, limits.maxAttributeValueLength);
    sink.add(wellFormed(truncate(key, limits.maxAttributeKeyLength)), text);
  }
}

/** An AnyValue as the exporter's string, at most `maxLength` code units (see value-format.ts). */
export function anyValueText(value: JsonObject, limits: DecodeLimits, maxLength: number): string {
  for (let member = 0; member < ONE_OF.length; member++) {
    const content = get(value, ONE_OF[member]!);
    if (content === undefined) continue;
    switch (member) {
      case STRING:
        return wellFormed(truncate(stringOf(content), maxLength));
      case BOOL:
        return boolOf(content) ? 'true' : 'false';
      case INT:
        return int64Of(content);
      case DOUBLE:
        return formatDouble(doubleOf(content));
      case ARRAY:
        return truncate(arrayJson(content, 1, limits), maxLength);
      case KVLIST:
        return truncate(kvlistJson(content, 1, limits), maxLength);
      default:
        return truncate(base64Prefix(content, maxLength), maxLength);
    }
  }
  return '';
}

function anyValueJson(value: unknown, depth: number, limits: DecodeLimits): string {
  const object = asObject(value, 'AnyValue');
  for (let member = 0; member < ONE_OF.length; member++) {
    const content = get(object, ONE_OF[member]!);
    if (content === undefined) continue;
    switch (member) {
      case STRING:
        return jsonString(wellFormed(truncate(stringOf(content), limits.maxAttributeValueLength)));
      case BOOL:
        return boolOf(content) ? 'true' : 'false';
      case INT:
        return int64Of(content);
      case DOUBLE:
        return jsonDouble(doubleOf(content));
      case ARRAY:
        return arrayJson(content, depth + 1, limits);
      case KVLIST:
        return kvlistJson(content, depth + 1, limits);
      default:
        return jsonString(base64Prefix(content, limits.maxAttributeValueLength));
    }
  }
  return 'null';
}

function stringOf(value: unknown): string {
  if (typeof value !== 'string') throw typeError(STRING_VALUE.label, 'a string', value);
  return value;
}

function checkDepth(depth: number, limits: DecodeLimits): void {
  if (depth > limits.maxDepth) {
    throw new OtlpDecodeError(`attribute value nested deeper than ${limits.maxDepth} levels`);
  }
}

function listOf(value: unknown): readonly unknown[] {
  const values = get(asObject(value, ARRAY_VALUE.label), VALUES);
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw typeError(VALUES.label, 'an array', values);
  return values;
}

function arrayJson(value: unknown, depth: number, limits: DecodeLimits): string {
  checkDepth(depth, limits);
  return jsonArray(listOf(value).map((item) => anyValueJson(item, depth, limits)));
}

function kvlistJson(value: unknown, depth: number, limits: DecodeLimits): string {
  checkDepth(depth, limits);
  const entries = listOf(value).map((item): [string, string] => {
    const keyValue = asObject(item, 'KeyValue');
    const key = get(keyValue, KEY) ?? '';
    if (typeof key !== 'string') throw typeError(KEY.label, 'a string', key);
    const nested = get(keyValue, VALUE);
    const json = nested === undefined ? 'null' : anyValueJson(nested, depth, limits);
    return [wellFormed(truncate(key, limits.maxAttributeKeyLength)), json];
  });
  return jsonObject(entries);
}

function boolOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw typeError(BOOL_VALUE.label, 'a boolean', value);
}

/**
 * int64 in decimal: a JSON number (exact as far as the double is) or a decimal string. An integer
 * outside int64 is written as given rather than failing the whole request over one attribute.
 */
function int64Of(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  if (typeof value === 'string' && /^-?\d{1,40}$/.test(value)) {
    return value.length <= 15 ? String(Number(value)) : BigInt(value).toString();
  }
  throw typeError(INT_VALUE.label, 'an integer (number or decimal string)', value);
}

function doubleOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN;
    const number = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isNaN(number)) return number;
  }
  throw typeError(DOUBLE_VALUE.label, 'a number', value);
}

/** Standard base64 of the value's bytes (re-encoded, so URL-safe or unpadded input reads the same). */
function base64Prefix(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw typeError(BYTES_VALUE.label, 'a base64 string', value);
  const bytes = Buffer.from(value, 'base64');
  const bytesNeeded = Math.ceil(maxLength / 4) * 3 + 3;
  return bytes.toString('base64', 0, Math.min(bytes.length, bytesNeeded));
}
