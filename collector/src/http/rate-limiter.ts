/**
 * Token-bucket rate limiting per key (a bearer token, or the client address when none). Pure apart
 * from the injected clock, so tests drive time.
 */
export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once above the sustained rate. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const MAX_KEYS = 10_000;

export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  take(key: string): RateDecision {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit.burst, updatedMs: now };
    bucket.tokens = Math.min(
      this.#limit.burst,
      bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.#limit.perSecond,
    );
    bucket.updatedMs = now;
    if (!this.#buckets.has(key)) {
      // Bounded memory under many distinct keys: forget the oldest.
      if (this.#buckets.size >= MAX_KEYS) this.#buckets.delete(this.#buckets.keys().next().value as string);
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#limit.perSecond)),
    };
  }
}
