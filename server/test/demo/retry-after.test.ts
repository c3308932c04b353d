import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/demo/retry-after.ts';

const NOW_MS = Date.parse('2026-12-06T04:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['3', 3_000],
    [' 0 ', 0],
    ['Sun, 06 Dec 2026 04:00:05 GMT', 5_000],
    ['Sun, 06 Dec 2026 03:59:00 GMT', 0],
  ])('reads %j as %d ms', (header, expected) => {
    expect(retryAfterMs(header, NOW_MS)).toBe(expected);
  });

  it.each([[null], [''], ['soon'], ['-1'], ['1.5']])('has no answer for %j', (header) => {
    expect(retryAfterMs(header, NOW_MS)).toBeUndefined();
  });
});
