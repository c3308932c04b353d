import { describe, expect, it } from 'vitest';
import { type BackoffPolicy, judgeStatus, parseRetryAfter, retryDelayMs } from '../../src/alerts/backoff.ts';

const policy: BackoffPolicy = {
  baseMs: 1000,
  factor: 2,
  maxMs: 60_000,
  maxRetryAfterMs: 600_000,
  giveUpAfterMs: 86_400_000,
};

describe('retryDelayMs', () => {
  it('doubles from the base, half fixed and half jitter', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, low))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, high))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(2, policy, () => 0.5)).toBe(1500);
  });

  it('caps the exponential delay', () => {
    expect(retryDelayMs(30, policy, () => 0)).toBe(30_000);
    expect(retryDelayMs(30, policy, () => 0.999999)).toBe(60_000);
  });

  it('waits at least what Retry-After asks, up to its own cap', () => {
    expect(retryDelayMs(1, policy, () => 0, 45_000)).toBe(45_000);
    expect(retryDelayMs(1, policy, () => 0, 100)).toBe(500);
    expect(retryDelayMs(1, policy, () => 0, 7_200_000)).toBe(600_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores what is absent or malformed', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('2026', now)).toBe(2_026_000);
  });
});

describe('judgeStatus', () => {
  it('sorts statuses into delivered, retry, gone and rejected', () => {
    const statuses = [200, 202, 204, 301, 302, 400, 401, 404, 408, 410, 413, 425, 429, 500, 502, 503, 504];
    expect(Object.fromEntries(statuses.map((status) => [status, judgeStatus(status)]))).toEqual({
      200: 'delivered',
      202: 'delivered',
      204: 'delivered',
      301: 'rejected',
      302: 'rejected',
      400: 'rejected',
      401: 'rejected',
      404: 'rejected',
      408: 'retry',
      410: 'gone',
      413: 'rejected',
      425: 'retry',
      429: 'retry',
      500: 'retry',
      502: 'retry',
      503: 'retry',
      504: 'retry',
    });
  });
});
