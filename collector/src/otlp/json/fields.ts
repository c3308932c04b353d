import { OtlpDecodeError } from '../errors.ts';
import { type Instant, instantFromDecimal, instantFromNumber } from '../nanos.ts';
import { truncate, wellFormed } from '../text.ts';

export type JsonObject = Record<string, unknown>;

/**
 * A field of an OTLP/JSON message: lowerCamelCase per the OTLP spec, also read in snake_case
 * (the proto field name) for tolerance of hand-written senders.
 */
export interface JsonKey {
  camel: string;
  snake: string;
  /** `Message.field`, for error messages. */
  label: string;
}

export function jsonKey(message: string, camel: string): JsonKey {
  const snake = camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  return { camel, snake, label: `${message}.${camel}` };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function typeError(label: string, expected: string, value: unknown): OtlpDecodeError {
  return new OtlpDecodeError(`${label} must be ${expected}, got ${typeName(value)}`);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown, label: string): JsonObject {
  if (!isJsonObject(value)) throw typeError(label, 'an object', value);
  return value;
}

/** The field's value; null counts as absent (proto3 JSON). */
export function get(object: JsonObject, key: JsonKey): unknown {
  const value = object[key.camel];
  if (value !== undefined && value !== null) return value;
  const snake = object[key.snake];
  return snake === null ? undefined : snake;
}

export function getObject(object: JsonObject, key: JsonKey): JsonObject | undefined {
  const value = get(object, key);
  return value === undefined ? undefined : asObject(value, key.label);
}

export function getArray(object: JsonObject, key: JsonKey): readonly unknown[] {
  const value = get(object, key);
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw typeError(key.label, 'an array', value);
  return value;
}

/** A string field, well-formed and cut to `max` code units; absent reads as ''. */
export function getString(object: JsonObject, key: JsonKey, max: number): string {
  const value = get(object, key);
  if (value === undefined) return '';
  if (typeof value !== 'string') throw typeError(key.label, 'a string', value);
  return wellFormed(truncate(value, max));
}

/** A fixed64 nanosecond time: a decimal string or a number; absent reads as 0. */
export function getInstant(object: JsonObject, key: JsonKey): Instant {
  const value = get(object, key);
  if (value === undefined) return { sec: 0, nsec: 0 };
  const instant =
    typeof value === 'string'
      ? instantFromDecimal(value)
      : typeof value === 'number'
        ? instantFromNumber(value)
        : undefined;
  if (instant === undefined) throw typeError(key.label, 'a uint64 (decimal string or number)', value);
  return instant;
}

/** An unsigned integer field (uint32, fixed32): a number or a decimal string; absent reads as 0. */
export function getUint(object: JsonObject, key: JsonKey): number {
  const value = get(object, key);
  if (value === undefined) return 0;
  const number = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 0xffffffff)
    throw typeError(key.label, 'an unsigned 32-bit integer', value);
  return number;
}

/** An enum field: its number (as the OTLP spec asks), or its proto name (`SPAN_KIND_SERVER`). */
export function getEnum(object: JsonObject, key: JsonKey, names: readonly string[]): number {
  const value = get(object, key);
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const index = names.indexOf(value);
    if (index >= 0) return index;
    if (/^-?\d{1,10}$/.test(value)) return Number(value);
  }
  throw typeError(key.label, 'an enum number or name', value);
}
