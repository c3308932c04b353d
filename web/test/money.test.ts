import { describe, expect, it } from 'vitest';
import { formatAmount, formatAmounts } from '../src/format/money.ts';

describe('formatAmount', () => {
  it('is compact, with the narrow symbol of the currency', () => {
    expect(formatAmount('1234567.89', 'CNY')).toBe('¥1.2M');
    expect(formatAmount('40', 'USD')).toBe('$40');
    expect(formatAmount('99.5', 'EUR')).toBe('€99.5');
    expect(formatAmount('0.6', 'USD')).toBe('$0.6');
  });

  it('keeps an unknown or missing currency as text, and refuses what is no number', () => {
    expect(formatAmount('1500', '')).toBe('1.5K');
    expect(formatAmount('1500', 'points')).toBe('1.5K points');
    expect(formatAmount('x', 'USD')).toBe('—');
  });
});

describe('formatAmounts', () => {
  it('joins currencies, and shows a dash for none', () => {
    expect(
      formatAmounts([
        { currency: 'CNY', amount: '1200000' },
        { currency: 'USD', amount: '40' },
      ]),
    ).toBe('¥1.2M · $40');
    expect(formatAmounts([])).toBe('—');
  });
});
