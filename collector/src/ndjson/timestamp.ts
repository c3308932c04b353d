import { type Instant, instantFromDecimal } from '../otlp/nanos.ts';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * A log line's timestamp → an instant, or undefined when unreadable. Accepts ISO-8601 / RFC 3339
 * (any fraction up to nanoseconds; no zone means UTC) and epoch numbers or numeric strings whose
 * unit is told by magnitude: below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds,
 * else nanoseconds. Numeric strings keep full precision; JSON numbers are as exact as their double.
 */
export function parseLogTimestamp(value: unknown): Instant | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return fromEpoch(Number.isInteger(value) && value >= 1e21 ? BigInt(value).toString() : String(value));
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (DECIMAL.test(text)) return fromEpoch(text);
  return fromIso(text);
}

function fromEpoch(decimal: string): Instant | undefined {
  if (!DECIMAL.test(decimal)) return undefined; // e.g. exponent notation of a tiny fraction
  const [whole = '0', fraction = ''] = decimal.split('.');
  const magnitude = Number(whole);
  const scale = magnitude < 1e11 ? 9 : magnitude < 1e14 ? 6 : magnitude < 1e17 ? 3 : 0;
  const digits = `${whole}${fraction.padEnd(scale, '0').slice(0, scale)}`;
  return instantFromDecimal(digits);
}

function fromIso(text: string): Instant | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const parts = [Number(month), Number(day), Number(hour), Number(minute), Number(second)];
  const [mo, d, h, mi, s] = parts as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const utcMs = Date.UTC(Number(year), mo - 1, d, h, mi, s);
  if (new Date(utcMs).getUTCDate() !== d && s !== 60) return undefined; // 31 February
  const sec = utcMs / 1000 - zoneOffsetSeconds(zone);
  if (sec < 0) return undefined;
  return { sec, nsec: Number(fraction.padEnd(9, '0').slice(0, 9)) };
}

function zoneOffsetSeconds(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60);
}
