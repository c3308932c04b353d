import { retryAfterMs } from './retry-after.ts';

/** One JSON log line as a service without an OTel logs SDK writes it. */
export type NdjsonLine = Record<string, string | number | boolean>;

export interface NdjsonSenderOptions {
  url: string;
  headers: Record<string, string>;
  intervalMs: number;
  /** Told only when lines are lost: refused for good, retried to the end, or pushed out of the buffer. */
  onError: (error: Error) => void;
  /** Lines kept while the collector is unreachable; older ones are dropped beyond it. */
  maxBufferedLines?: number;
  /** Most lines in one request. */
  maxBatchLines?: number;
  /** Attempts of one batch before it is dropped. */
  maxAttempts?: number;
  now?: () => number;
}

/** Back-pressure or a collector restarting: the same batch goes again later, as OTel SDKs do. */
const RETRYABLE = new Set([429, 502, 503, 504]);
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Buffers JSON log lines and POSTs them as NDJSON, in batches, once per interval (like a log
 * shipper). A batch the collector asks to retry waits for its Retry-After (or an exponential
 * backoff) in silence; only lines finally lost are reported.
 */
export class NdjsonSender {
  readonly #options: NdjsonSenderOptions;
  readonly #now: () => number;
  #lines: string[] = [];
  #timer: NodeJS.Timeout;
  #sending: Promise<void> = Promise.resolve();
  /** Failed attempts of the batch at the head of the buffer, and when it may go again. */
  #attempts = 0;
  #retryAtMs = 0;

  constructor(options: NdjsonSenderOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#timer = setInterval(() => void this.flush(), options.intervalMs);
    this.#timer.unref();
  }

  push(line: NdjsonLine): void {
    this.#lines.push(JSON.stringify(line));
    const overflow = this.#lines.length - (this.#options.maxBufferedLines ?? 50_000);
    if (overflow > 0) {
      this.#lines.splice(0, overflow);
      this.#options.onError(new Error(`NDJSON logs dropped: ${overflow} line(s) beyond the buffer`));
    }
  }

  /** Sends what is buffered, batch by batch, unless a retry is not due yet; one request at a time. */
  flush(): Promise<void> {
    this.#sending = this.#sending.then(() => this.#sendDue(false));
    return this.#sending;
  }

  /** Stops the timer and makes a last attempt now, whatever the retry time. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#sending = this.#sending.then(() => this.#sendDue(true));
    await this.#sending;
    if (this.#lines.length > 0) this.#drop(this.#lines.length, 'paylens stopped before they were accepted');
  }

  async #sendDue(last: boolean): Promise<void> {
    if (!last && this.#now() < this.#retryAtMs) return;
    while (this.#lines.length > 0) {
      const count = Math.min(this.#lines.length, this.#options.maxBatchLines ?? 5_000);
      const outcome = await this.#post(this.#lines.slice(0, count));
      if (outcome === 'retry') {
        if (last) return;
        this.#attempts++;
        if (this.#attempts < (this.#options.maxAttempts ?? 6)) return;
        this.#drop(count, `still refused after ${this.#attempts} attempts`);
      } else if (outcome !== 'sent') {
        this.#drop(count, `refused: ${outcome.refused}`);
      }
      this.#lines.splice(0, count);
      this.#attempts = 0;
      this.#retryAtMs = 0;
    }
  }

  /** One request: sent, to be retried (retry time set), or refused for good. */
  async #post(batch: string[]): Promise<'sent' | 'retry' | { refused: string }> {
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: { ...this.#options.headers, 'content-type': 'application/x-ndjson' },
        body: `${batch.join('\n')}\n`,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return 'sent';
      if (!RETRYABLE.has(response.status)) return { refused: `HTTP ${response.status}` };
      this.#scheduleRetry(retryAfterMs(response.headers.get('retry-after'), this.#now()));
      return 'retry';
    } catch {
      // Unreachable or timed out: the collector may be restarting.
      this.#scheduleRetry(undefined);
      return 'retry';
    }
  }

  #scheduleRetry(askedMs: number | undefined): void {
    const backoffMs = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.#attempts);
    this.#retryAtMs = this.#now() + (askedMs ?? backoffMs);
  }

  #drop(count: number, why: string): void {
    this.#options.onError(new Error(`NDJSON logs dropped: ${count} line(s), ${why}`));
  }
}
