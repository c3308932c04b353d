/** Time for the evaluator and the delivery worker, injectable so tests move it without sleeping. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface Scheduler {
  /** Runs `task` after `delayMs`; returns a function that cancels it. */
  schedule(delayMs: number, task: () => void): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemScheduler: Scheduler = {
  schedule(delayMs, task) {
    const timer = setTimeout(task, Math.max(0, delayMs));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
