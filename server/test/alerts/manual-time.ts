import type { Clock, Scheduler } from '../../src/alerts/clock.ts';

/**
 * A clock and scheduler that move only when told: `advance` runs every task due on the way, in
 * time order, each at its own time, and awaits `settle` after each (the I/O it started).
 */
export class ManualTime implements Clock, Scheduler {
  #now: number;
  #tasks: { at: number; order: number; run: () => void }[] = [];
  #order = 0;

  constructor(startMs: number) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  schedule(delayMs: number, task: () => void): () => void {
    const entry = { at: this.#now + Math.max(0, delayMs), order: this.#order++, run: task };
    this.#tasks.push(entry);
    return () => {
      this.#tasks = this.#tasks.filter((candidate) => candidate !== entry);
    };
  }

  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const due = this.#tasks
        .filter((task) => task.at <= target)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.#tasks = this.#tasks.filter((task) => task !== due);
      this.#now = Math.max(this.#now, due.at);
      due.run();
      await settle();
    }
    this.#now = target;
  }
}
