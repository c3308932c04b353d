import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  durationBetween,
  formatInstant,
  instantFromDecimal,
  instantFromNumber,
  instantFromU64,
} from '../src/otlp/nanos.ts';

const U64_MAX = 2n ** 64n - 1n;
const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
function halves(value: bigint): [number, number] {
  return [Number(value >> 32n), Number(value & 0xffffffffn)];
}

describe('nanosecond instants without losing precision', () => {
  it('formats any uint64 from its fixed64 halves exactly', () => {
    fc.assert(
      fc.property(u64, (value) => {
        const [hi, lo] = halves(value);
        expect(formatInstant(instantFromU64(hi, lo))).toBe(value.toString());
      }),
      { numRuns: 2000 },
    );
    for (const edge of [
      0n,
      1n,
      999_999_999n,
      1_000_000_000n,
      2n ** 53n,
      2n ** 53n + 1n,
      2n ** 63n,
      U64_MAX,
    ]) {
      const [hi, lo] = halves(edge);
      expect(formatInstant(instantFromU64(hi, lo))).toBe(edge.toString());
    }
  });

  it('parses decimal strings exactly and refuses anything else', () => {
    fc.assert(
      fc.property(u64, (value) => {
        expect(formatInstant(instantFromDecimal(value.toString())!)).toBe(value.toString());
      }),
    );
    expect(formatInstant(instantFromDecimal('0001714564800123456789')!)).toBe('1714564800123456789');
    for (const bad of ['', '-1', '1.5', '1e18', ' 1', '18446744073709551616', '0x10']) {
      expect(instantFromDecimal(bad)).toBeUndefined();
    }
  });

  it('reads JSON numbers as the integer the double holds', () => {
    // JSON.parse turns 1714564800123456789 into the nearest double, 1714564800123456768.
    expect(formatInstant(instantFromNumber(Number('1714564800123456789'))!)).toBe('1714564800123456768');
    expect(formatInstant(instantFromNumber(123)!)).toBe('123');
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 64]) {
      expect(instantFromNumber(bad)).toBeUndefined();
    }
  });

  it('computes durations exactly, including past 2^53 ns, and 0 when the end is earlier', () => {
    fc.assert(
      fc.property(u64, u64, (a, b) => {
        const start = instantFromDecimal(a.toString())!;
        const end = instantFromDecimal(b.toString())!;
        expect(durationBetween(start, end)).toBe((b >= a ? b - a : 0n).toString());
      }),
      { numRuns: 2000 },
    );
    const start = instantFromDecimal('1714564800123456789')!;
    expect(durationBetween(start, instantFromDecimal('1714564800123456790')!)).toBe('1');
    expect(durationBetween(start, instantFromDecimal('1714564800123456788')!)).toBe('0');
  });
});
