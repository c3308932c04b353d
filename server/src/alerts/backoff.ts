/** When to try a failed webhook again: exponential, with jitter, never sooner than Retry-After asks. */
export interface BackoffPolicy {
  /** Delay after the first failure, before jitter. */
  baseMs: number;
  factor: number;
  /** Ceiling of the exponential delay. */
  maxMs: number;
  /** Ceiling of a receiver's Retry-After (a receiver cannot park a delivery for days). */
  maxRetryAfterMs: number;
  /** A delivery still failing this long after it was queued is given up ("dead"). */
  giveUpAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 2_000,
  factor: 2,
  maxMs: 300_000,
  maxRetryAfterMs: 3_600_000,
  giveUpAfterMs: 86_400_000,
};

/**
 * Delay before attempt `failures + 1`, after `failures` (≥ 1) failed attempts. "Equal jitter": half
 * the exponential delay fixed, half random, so retries of many deliveries spread out but none comes
 * back immediately. `random` returns [0, 1).
 */
export function retryDelayMs(
  failures: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, failures - 1));
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds from `nowMs`; undefined if absent or bad. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!Number.isFinite(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - nowMs);
}

export type ResponseVerdict = 'delivered' | 'retry' | 'gone' | 'rejected';

/**
 * 2xx delivered; 410 Gone disables the receiver; 408, 425, 429 and 5xx are retried; anything else
 * (other 4xx, and 3xx because redirects are not followed) is a permanent rejection of this delivery.
 */
export function judgeStatus(status: number): ResponseVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'rejected';
}
