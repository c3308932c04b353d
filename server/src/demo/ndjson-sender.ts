/** One JSON log line as a service without an OTel logs SDK writes it. */
export type NdjsonLine = Record<string, string | number | boolean>;

export interface NdjsonSenderOptions {
  url: string;
  headers: Record<string, string>;
  intervalMs: number;
  onError: (error: Error) => void;
  /** Lines kept while the collector is unreachable; older ones are dropped beyond it. */
  maxBufferedLines?: number;
}

/** Statuses after which the same batch is sent again (throttling, collector busy or restarting). */
const RETRYABLE = new Set([429, 502, 503, 504]);

/** Buffers JSON log lines and POSTs them as NDJSON once per interval (like a log shipper). */
export class NdjsonSender {
  readonly #options: NdjsonSenderOptions;
  #lines: string[] = [];
  #timer: NodeJS.Timeout;
  #sending: Promise<void> = Promise.resolve();

  constructor(options: NdjsonSenderOptions) {
    this.#options = options;
    this.#timer = setInterval(() => void this.flush(), options.intervalMs);
    this.#timer.unref();
  }

  push(line: NdjsonLine): void {
    this.#lines.push(JSON.stringify(line));
    const max = this.#options.maxBufferedLines ?? 50_000;
    if (this.#lines.length > max) this.#lines.splice(0, this.#lines.length - max);
  }

  /** Sends what is buffered; one request at a time, in order. */
  flush(): Promise<void> {
    this.#sending = this.#sending.then(() => this.#send());
    return this.#sending;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #send(): Promise<void> {
    if (this.#lines.length === 0) return;
    const lines = this.#lines;
    this.#lines = [];
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: { ...this.#options.headers, 'content-type': 'application/x-ndjson' },
        body: `${lines.join('\n')}\n`,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
      if (RETRYABLE.has(response.status)) this.#requeue(lines);
      this.#options.onError(new Error(`NDJSON logs refused: HTTP ${response.status}`));
    } catch (error) {
      this.#requeue(lines);
      this.#options.onError(error as Error);
    }
  }

  /** Puts lines that could not be sent back in front, for the next interval (the collector asked to retry). */
  #requeue(lines: string[]): void {
    const max = this.#options.maxBufferedLines ?? 50_000;
    this.#lines = [...lines, ...this.#lines].slice(-max);
  }
}
