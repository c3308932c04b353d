const KEPT_MESSAGES = 5;

/** Counts the items refused under OTLP partial_success and keeps the first few reasons. */
export class Rejections {
  count = 0;
  private readonly messages: string[] = [];

  add(message: string): void {
    this.count++;
    if (this.messages.length < KEPT_MESSAGES) this.messages.push(message);
  }

  /** `2 spans rejected: span 3: …; span 7: …`, or undefined when nothing was rejected. */
  summary(noun: string): string | undefined {
    if (this.count === 0) return undefined;
    const more = this.count > this.messages.length ? '; …' : '';
    const plural = this.count === 1 ? noun : `${noun}s`;
    return `${this.count} ${plural} rejected: ${this.messages.join('; ')}${more}`;
  }
}
