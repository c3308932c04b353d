/** Integer nanoseconds since the Unix epoch, exact (they exceed 2^53). */
export type EpochNanos = bigint;

const DIGITS = /^\d{1,20}$/;

/** Parses a decimal nanosecond string (as ClickHouse returns DateTime64(9)/UInt64 via toString). */
export function parseNanos(text: string): bigint {
  if (!DIGITS.test(text)) throw new Error(`not an integer nanosecond value: ${JSON.stringify(text)}`);
  return BigInt(text);
}

/** Nanoseconds (a relative, exact integer) to float milliseconds for API responses. */
export function nanosToMs(ns: number): number {
  return ns / 1e6;
}

/** ISO-8601 with all nine fractional digits, e.g. 2024-05-01T12:00:00.123456789Z. */
export function isoFromNanos(ns: EpochNanos): string {
  const ms = ns / 1_000_000n;
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${fraction}Z`;
}
