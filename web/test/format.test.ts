import { describe, expect, it } from 'vitest';
import { formatMs } from '../src/format/duration.ts';
import { formatCount, formatPercent, ratio } from '../src/format/number.ts';

describe('formatMs', () => {
  it('picks readable units', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(0.4213)).toBe('0.421 ms');
    expect(formatMs(0.005)).toBe('0.005 ms');
    expect(formatMs(3.456)).toBe('3.46 ms');
    expect(formatMs(123.45)).toBe('123.5 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatMs(90_000)).toBe('1.5 min');
    expect(formatMs(7_200_000)).toBe('2 h');
    expect(formatMs(null)).toBe('—');
  });
});

describe('numbers', () => {
  it('formats counts and percentages', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(null)).toBe('—');
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});
