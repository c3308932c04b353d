import type { NanosString } from '@paylens/store';

/**
 * An instant in nanoseconds since the Unix epoch, split so both halves are exact doubles:
 * `sec` is an integer ≥ 0, `nsec` an integer in [0, 1e9). uint64 nanoseconds exceed 2^53, so
 * neither format may go through a single JS number; BigInt is kept for the rare slow path.
 */
export interface Instant {
  sec: number;
  nsec: number;
}

const TWO_32 = 4294967296;
const NS_PER_S = 1e9;
const MAX_U64 = '18446744073709551615';
/** Stored timestamps must fall in [2000-01-01, 2200-01-01): anything else is a clock or encoding bug. */
export const MIN_STORED_SEC = 946684800;
export const MAX_STORED_SEC = 7258118400;

/** From the two little-endian halves of a protobuf fixed64. */
export function instantFromU64(hi: number, lo: number): Instant {
  if (hi < 0x200000) {
    const value = hi * TWO_32 + lo;
    const sec = Math.floor(value / NS_PER_S);
    return { sec, nsec: value - sec * NS_PER_S };
  }
  // The double estimate of value / 1e9 is off by at most one; the exact remainder follows from
  // arithmetic modulo 2^32 because it is known to lie within (-2^31, 2^31).
  let sec = Math.floor((hi * TWO_32 + lo) / NS_PER_S);
  const lowBits = Math.imul(sec >>> 0, NS_PER_S) >>> 0;
  let rem = (lo - lowBits) >>> 0;
  if (rem >= 0x80000000) rem -= TWO_32;
  while (rem < 0) {
    sec--;
    rem += NS_PER_S;
  }
  while (rem >= NS_PER_S) {
    sec++;
    rem -= NS_PER_S;
  }
  return { sec, nsec: rem };
}

/** From a decimal string of digits (OTLP/JSON); undefined if it is not a uint64. */
export function instantFromDecimal(decimal: string): Instant | undefined {
  const text = decimal.charCodeAt(0) === 48 ? decimal.replace(/^0+(?=\d)/, '') : decimal;
  if (!/^\d{1,20}$/.test(text)) return undefined;
  if (text.length === 20 && text > MAX_U64) return undefined;
  if (text.length <= 9) return { sec: 0, nsec: Number(text) };
  return { sec: Number(text.slice(0, -9)), nsec: Number(text.slice(-9)) };
}

/** From a JSON number (exact below 2^53, the double's own value above); undefined if not a uint64. */
export function instantFromNumber(value: number): Instant | undefined {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** 64) return undefined;
  if (Number.isSafeInteger(value)) {
    const sec = Math.floor(value / NS_PER_S);
    return { sec, nsec: value - sec * NS_PER_S };
  }
  const big = BigInt(value);
  return { sec: Number(big / 1_000_000_000n), nsec: Number(big % 1_000_000_000n) };
}

export function isZeroInstant(instant: Instant): boolean {
  return instant.sec === 0 && instant.nsec === 0;
}

export function inStoredRange(instant: Instant): boolean {
  return instant.sec >= MIN_STORED_SEC && instant.sec < MAX_STORED_SEC;
}

export function formatInstant(instant: Instant): NanosString {
  if (instant.sec === 0) return String(instant.nsec);
  return `${instant.sec}${String(instant.nsec + NS_PER_S).slice(1)}`;
}

/** end − start in nanoseconds; "0" when end is before start (a clock skew, not a negative span). */
export function durationBetween(start: Instant, end: Instant): NanosString {
  const secs = end.sec - start.sec;
  const nsecs = end.nsec - start.nsec;
  if (secs < 0 || (secs === 0 && nsecs < 0)) return '0';
  if (secs < 9_000_000) return String(secs * NS_PER_S + nsecs);
  return (BigInt(secs) * 1_000_000_000n + BigInt(nsecs)).toString();
}
