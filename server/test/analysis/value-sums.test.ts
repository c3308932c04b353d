import { describe, expect, it } from 'vitest';
import { currencyAmounts, decimalText, funnelValues, valueKey } from '../../src/analysis/value-sums.ts';

describe('decimalText', () => {
  it('drops trailing fraction zeros and keeps every significant digit', () => {
    expect(decimalText('12.340000000')).toBe('12.34');
    expect(decimalText('5.000000000')).toBe('5');
    expect(decimalText('100')).toBe('100');
    expect(decimalText('-0.500000000')).toBe('-0.5');
    expect(decimalText('-0.000000000')).toBe('0');
    expect(decimalText('12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
  });

  it('refuses what is not a decimal', () => {
    expect(() => decimalText('1e3')).toThrow(/not a decimal/);
  });
});

describe('funnelValues', () => {
  it('lays out the sums per currency, over the funnel and per step, absent sums as 0', () => {
    const sums: Record<string, string> = {
      [valueKey('j', '', 'CNY')]: '30.500000000',
      [valueKey('c', '', 'CNY')]: '10.000000000',
      [valueKey('j', '', 'USD')]: '7.25',
      [valueKey('e', 0, 'CNY')]: '30.5',
      [valueKey('s', 0, 'CNY')]: '20.5',
      [valueKey('f', 0, 'CNY')]: '10',
      [valueKey('e', 0, 'USD')]: '7.25',
      [valueKey('f', 0, 'USD')]: '7.25',
      [valueKey('d', 1, 'CNY')]: '10.5',
    };
    expect(funnelValues(Object.keys(sums), Object.values(sums), 2)).toEqual({
      value: [
        { currency: 'CNY', journeys: '30.5', completed: '10' },
        { currency: 'USD', journeys: '7.25', completed: '0' },
      ],
      steps: [
        [
          { currency: 'CNY', entered: '30.5', succeeded: '20.5', failed: '10', dropped: '0' },
          { currency: 'USD', entered: '7.25', succeeded: '0', failed: '7.25', dropped: '0' },
        ],
        [{ currency: 'CNY', entered: '0', succeeded: '0', failed: '0', dropped: '10.5' }],
      ],
    });
  });

  it('is empty without sums (a link without value)', () => {
    expect(funnelValues([], [], 3)).toEqual({ value: [], steps: [[], [], []] });
  });
});

describe('currencyAmounts', () => {
  it('pairs currencies with their amounts, in currency order', () => {
    expect(currencyAmounts(['USD', '', 'CNY'], ['1.10', '2', '3.000000000'])).toEqual([
      { currency: '', amount: '2' },
      { currency: 'CNY', amount: '3' },
      { currency: 'USD', amount: '1.1' },
    ]);
  });
});
