import { describe, expect, it } from 'vitest';
import {
  budgetLevel,
  burnDownBucket,
  burnLevel,
  describeObjective,
  formatBurn,
  formatPercent,
  standardBurnRules,
} from '../src/slo/sloFigures.ts';

describe('SLO figures', () => {
  it('formats budget and burn rates, "—" without data', () => {
    expect(formatPercent(0.62514)).toBe('62.51%');
    expect(formatPercent(-1.5)).toBe('-150%');
    expect(formatPercent(null)).toBe('—');
    expect(formatBurn(14.4444)).toBe('14.4×');
    expect(formatBurn(0.256)).toBe('0.26×');
    expect(formatBurn(null)).toBe('—');
  });

  it('levels budget remaining and burn rates', () => {
    expect([0.9, 0.2, 0, -0.3, null].map(budgetLevel)).toEqual(['ok', 'warn', 'bad', 'bad', 'none']);
    expect([0.5, 1, 2, 6, null].map(burnLevel)).toEqual(['ok', 'ok', 'warn', 'bad', 'none']);
  });

  it('describes the objective', () => {
    expect(describeObjective({ objective: 99.5, latencyMs: 800, window: '28d' })).toBe(
      '99.5% good within 800 ms over 28d',
    );
    expect(describeObjective({ objective: 99, latencyMs: null, window: '7d' })).toBe('99% good over 7d');
  });

  it('offers the SRE workbook’s three rules for a step', () => {
    const rules = standardBurnRules('create_order', 'https://hooks.example.com/slo');
    expect(rules.map((r) => [r.longWindow, r.shortWindow, r.threshold, r.labels.severity])).toEqual([
      ['1h', '5m', 14.4, 'page'],
      ['6h', '30m', 6, 'page'],
      ['3d', '6h', 1, 'ticket'],
    ]);
    for (const rule of rules)
      expect(rule).toMatchObject({
        step: 'create_order',
        metric: 'burnRate',
        filters: {},
        groupBy: [],
        receivers: [{ url: 'https://hooks.example.com/slo', format: 'generic' }],
      });
    expect(standardBurnRules('create_order')[0]!.receivers).toEqual([]);
  });

  it('picks about 120 tidy points for a burn-down over the window', () => {
    expect(burnDownBucket(28 * 86_400_000)).toBe('6h');
    expect(burnDownBucket(7 * 86_400_000)).toBe('3h');
    expect(burnDownBucket(3_600_000)).toBe('1m');
  });
});
