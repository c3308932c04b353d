import { OtlpDecodeError } from '../errors.ts';
import { type Instant, instantFromDecimal, instantFromNumber } from '../nanos.ts';
import { truncate, wellFormed } from '../text.ts';

/**
 * Readers for the fields of OTLP/JSON messages. Callers pass the field's value, read with a literal
 * property name in lowerCamelCase (per the OTLP spec) falling back to snake_case for tolerance —
 * `span.traceId ?? span.trace_id` — because literal property reads on same-shaped objects from
 * JSON.parse hit V8's inline caches, where a shared keyed read would not. null reads as absent
 * (proto3 JSON). `label` names the field in errors.
 */
export type JsonObject = Record<string, unknown>;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function typeError(label: string, expected: string, value: unknown): OtlpDecodeError {
  return new OtlpDecodeError(`${label} must be ${expected}, got ${typeName(value)}`);
}

export function asObject(value: unknown, label: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw typeError(label, 'an object', value);
  return value as JsonObject;
}

export function optionalObject(value: unknown, label: string): JsonObject | undefined {
  return value === undefined || value === null ? undefined : asObject(value, label);
}

const NONE: readonly unknown[] = Object.freeze([]);

export function arrayField(value: unknown, label: string): readonly unknown[] {
  if (value === undefined || value === null) return NONE;
  if (!Array.isArray(value)) throw typeError(label, 'an array', value);
  return value;
}

/** A string, well-formed and cut to `max` code units; absent reads as ''. */
export function stringField(value: unknown, label: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw typeError(label, 'a string', value);
  return wellFormed(truncate(value, max));
}

/** A hex id's text, '' when absent (validated by the caller: a bad id rejects the item). */
export function idField(value: unknown, label: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw typeError(label, 'a hex string', value);
  return value;
}

const ZERO: Instant = Object.freeze({ sec: 0, nsec: 0 });

/** A fixed64 nanosecond time: a decimal string or a number; absent reads as 0. */
export function instantField(value: unknown, label: string): Instant {
  if (value === undefined || value === null) return ZERO;
  const instant =
    typeof value === 'string'
      ? instantFromDecimal(value)
      : typeof value === 'number'
        ? instantFromNumber(value)
        : undefined;
  if (instant === undefined) throw typeError(label, 'a uint64 (decimal string or number)', value);
  return instant;
}

/** An unsigned 32-bit integer (fixed32 flags): a number or a decimal string; absent reads as 0. */
export function uint32Field(value: unknown, label: string): number {
  if (value === undefined || value === null) return 0;
  const number = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 0xffffffff)
    throw typeError(label, 'an unsigned 32-bit integer', value);
  return number;
}

/**
 * An enum: its number (as the OTLP spec asks), or for tolerance its proto name (`SPAN_KIND_SERVER`)
 * or that name's last part in any case (`server`).
 */
export function enumField(value: unknown, label: string, names: readonly string[]): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    if (/^-?\d{1,10}$/.test(value)) return Number(value);
    const upper = value.toUpperCase();
    const index = names.findIndex((name) => name === upper || (upper !== '' && name.endsWith(`_${upper}`)));
    if (index >= 0) return index;
  }
  throw typeError(label, 'an enum number or name', value);
}
