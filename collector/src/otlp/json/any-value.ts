import type { AttributeSink } from '../attribute-sink.ts';
import { OtlpDecodeError } from '../errors.ts';
import type { DecodeLimits } from '../limits.ts';
import { truncate, wellFormed } from '../text.ts';
import { formatDouble, jsonArray, jsonDouble, jsonObject, jsonString } from '../value-format.ts';
import { arrayField, asObject, type JsonObject, stringField, typeError } from './fields.ts';

/** The OTLP/JSON twin of proto/any-value.ts: the same strings for the same values. */

/** An `attributes` array of KeyValue into an attribute map. */
export function addAttributes(list: readonly unknown[], sink: AttributeSink, limits: DecodeLimits): void {
  for (let i = 0; i < list.length; i++) {
    if (sink.full) {
      sink.drop();
      continue;
    }
    const keyValue = asObject(list[i], 'KeyValue');
    const key = stringField(keyValue.key, 'KeyValue.key', limits.maxAttributeKeyLength);
    const value = keyValue.value;
    const text =
      value === undefined || value === null
        ? ''
        : anyValueText(asObject(value, 'KeyValue.value'), limits, limits.maxAttributeValueLength);
    sink.add(key, text);
  }
}

/** An AnyValue as the exporter's string, at most `maxLength` code units (see value-format.ts). */
export function anyValueText(value: JsonObject, limits: DecodeLimits, maxLength: number): string {
  let member = value.stringValue ?? value.string_value;
  if (member != null) return wellFormed(truncate(stringOf(member), maxLength));
  member = value.intValue ?? value.int_value;
  if (member != null) return int64Of(member);
  member = value.doubleValue ?? value.double_value;
  if (member != null) return formatDouble(doubleOf(member));
  member = value.boolValue ?? value.bool_value;
  if (member != null) return boolOf(member) ? 'true' : 'false';
  member = value.arrayValue ?? value.array_value;
  if (member != null) return truncate(arrayJson(member, 1, limits), maxLength);
  member = value.kvlistValue ?? value.kvlist_value;
  if (member != null) return truncate(kvlistJson(member, 1, limits), maxLength);
  member = value.bytesValue ?? value.bytes_value;
  if (member != null) return truncate(base64Prefix(member, maxLength), maxLength);
  return '';
}

/** An AnyValue inside an array or key-value list, as JSON text. */
function anyValueJson(item: unknown, depth: number, limits: DecodeLimits): string {
  const value = asObject(item, 'AnyValue');
  let member = value.stringValue ?? value.string_value;
  if (member != null)
    return jsonString(wellFormed(truncate(stringOf(member), limits.maxAttributeValueLength)));
  member = value.intValue ?? value.int_value;
  if (member != null) return int64Of(member);
  member = value.doubleValue ?? value.double_value;
  if (member != null) return jsonDouble(doubleOf(member));
  member = value.boolValue ?? value.bool_value;
  if (member != null) return boolOf(member) ? 'true' : 'false';
  member = value.arrayValue ?? value.array_value;
  if (member != null) return arrayJson(member, depth + 1, limits);
  member = value.kvlistValue ?? value.kvlist_value;
  if (member != null) return kvlistJson(member, depth + 1, limits);
  member = value.bytesValue ?? value.bytes_value;
  if (member != null) return jsonString(base64Prefix(member, limits.maxAttributeValueLength));
  return 'null';
}

function checkDepth(depth: number, limits: DecodeLimits): void {
  if (depth > limits.maxDepth) {
    throw new OtlpDecodeError(`attribute value nested deeper than ${limits.maxDepth} levels`);
  }
}

function valuesOf(list: unknown): readonly unknown[] {
  return arrayField(asObject(list, 'AnyValue.arrayValue').values, 'ArrayValue.values');
}

function arrayJson(list: unknown, depth: number, limits: DecodeLimits): string {
  checkDepth(depth, limits);
  return jsonArray(valuesOf(list).map((item) => anyValueJson(item, depth, limits)));
}

function kvlistJson(list: unknown, depth: number, limits: DecodeLimits): string {
  checkDepth(depth, limits);
  const entries = valuesOf(list).map((item): [string, string] => {
    const keyValue = asObject(item, 'KeyValue');
    const key = stringField(keyValue.key, 'KeyValue.key', limits.maxAttributeKeyLength);
    const value = keyValue.value;
    return [key, value === undefined || value === null ? 'null' : anyValueJson(value, depth, limits)];
  });
  return jsonObject(entries);
}

function stringOf(value: unknown): string {
  if (typeof value !== 'string') throw typeError('AnyValue.stringValue', 'a string', value);
  return value;
}

function boolOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw typeError('AnyValue.boolValue', 'a boolean', value);
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
  throw typeError('AnyValue.intValue', 'an integer (number or decimal string)', value);
}

function doubleOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN;
    const number = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isNaN(number)) return number;
  }
  throw typeError('AnyValue.doubleValue', 'a number', value);
}

/** Standard base64 of the value's bytes (re-encoded, so URL-safe or unpadded input reads the same). */
function base64Prefix(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw typeError('AnyValue.bytesValue', 'a base64 string', value);
  const bytes = Buffer.from(value, 'base64');
  const bytesNeeded = Math.ceil(maxLength / 4) * 3 + 3;
  return bytes.toString('base64', 0, Math.min(bytes.length, bytesNeeded));
}
