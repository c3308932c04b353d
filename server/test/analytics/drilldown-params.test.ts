import { describe, expect, it } from 'vitest';
import { msToCeilNs } from '../../src/analytics/attribution-service.ts';
import { parseCompare, parseLatencyBand, parseOutcome } from '../../src/analytics/drilldown-params.ts';

describe('drill-down parameters', () => {
  it('reads a latency band, refusing bad bounds by name', () => {
    expect(parseLatencyBand({ minMs: '1.5', maxMs: '20' })).toEqual({ minMs: 1.5, maxMs: 20 });
    expect(parseLatencyBand({})).toEqual({ minMs: undefined, maxMs: undefined });
    expect(() => parseLatencyBand({ minMs: '-1' })).toThrow(/'minMs'/);
    expect(() => parseLatencyBand({ maxMs: 'x' })).toThrow(/'maxMs'/);
    expect(() => parseLatencyBand({ maxMs: '' })).toThrow(/'maxMs'/);
    expect(() => parseLatencyBand({ minMs: '5', maxMs: '5' })).toThrow(/'maxMs'/);
    expect(() => parseLatencyBand({ minMs: ['1', '2'] })).toThrow(/'minMs'/);
  });

  it('reads an outcome and a compare window', () => {
    expect(parseOutcome('timeout')).toBe('timeout');
    expect(parseOutcome(undefined)).toBeUndefined();
    expect(() => parseOutcome('slow')).toThrow(/'outcome'/);
    expect(parseCompare('1d')).toBe(86_400_000);
    expect(parseCompare(undefined)).toBeUndefined();
    expect(() => parseCompare('10s')).toThrow(/'compare'/);
    expect(() => parseCompare('60d')).toThrow(/'compare'/);
  });

  it('turns millisecond bounds into whole nanoseconds, keeping bounds that came from nanoseconds', () => {
    expect(msToCeilNs(1500)).toBe(1_500_000_000n);
    expect(msToCeilNs(0.1000005)).toBe(100_001n);
    expect(msToCeilNs(1_258_925 / 1e6)).toBe(1_258_925n);
    expect(msToCeilNs(1.2589251)).toBe(1_258_926n);
  });
});
