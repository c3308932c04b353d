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
    const body = `${this.#lines.join('\n')}\n`;
    this.#lines = [];
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: { ...this.#options.headers, 'content-type': 'application/x-ndjson' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (!response.ok) this.#options.onError(new Error(`NDJSON logs refused: HTTP ${response.status}`));
    } catch (error) {
      this.#options.onError(error as Error);
    }
  }
}
