import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseInstant, parseTimeRange } from '../../src/http/time-params.ts';

describe('time parameters', () => {
  it('accepts epoch milliseconds and ISO-8601', () => {
    expect(parseInstant('from', '1700000000000')).toBe(1_700_000_000_000);
    expect(parseInstant('from', '2023-11-14T22:13:20Z')).toBe(Date.UTC(2023, 10, 14, 22, 13, 20));
    expect(parseInstant('from', '2023-11-14T22:13:20.5+01:00')).toBe(Date.UTC(2023, 10, 14, 21, 13, 20, 500));
  });

  it.each(['-5', 'yesterday', '1 2 3', "1' OR 1=1", '', '2023-13-45T99:99Z', 'x'.repeat(100)])(
    'refuses %j naming the parameter',
    (value) => {
      expect(() => parseInstant('to', value)).toThrow(/'to'/);
    },
  );

  it('defaults to the last hour and refuses an inverted range', () => {
    expect(parseTimeRange({}, 10_000_000)).toEqual({ from: 10_000_000 - 3_600_000, to: 10_000_000 });
    expect(() => parseTimeRange({ from: '2000', to: '1000' }, 0)).toThrow(/'from' must be before 'to'/);
  });

  it('parses durations with units', () => {
    expect(parseDurationMs('window', '5m')).toBe(300_000);
    expect(parseDurationMs('window', '1.5s')).toBe(1500);
    expect(parseDurationMs('window', '250')).toBe(250);
    expect(() => parseDurationMs('window', '-1m')).toThrow(/'window'/);
  });
});
