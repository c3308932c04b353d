import type { Logger } from 'pino';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from './backoff.ts';
import type { Clock, Scheduler } from './clock.ts';
import type { DeliveryAttempt, DeliveryLog } from './delivery-log.ts';
import type { OutboxEntry, OutboxRepository, OutboxStatus } from './outbox-repository.ts';
import type { WebhookResult, WebhookSender } from './webhook-sender.ts';

export interface DeliveryWorkerDeps {
  outbox: Pick<OutboxRepository, 'pending' | 'record'>;
  deliveryLog: Pick<DeliveryLog, 'recordAttempts' | 'disabledReceivers' | 'setReceiverDisabled'>;
  send: WebhookSender;
  clock: Clock;
  scheduler: Scheduler;
  logger: Pick<Logger, 'warn' | 'info'>;
  backoff?: BackoffPolicy;
  /** [0, 1); injectable for deterministic jitter. */
  random?: () => number;
  /** Look at the outbox at least this often (other processes may enqueue). */
  pollMs?: number;
  /** Receivers served at once (each receiver's own queue is strictly sequential). */
  concurrency?: number;
  onAttempt?: (outcome: WebhookResult['verdict']) => void;
}

export interface DeliveryWorker {
  start(): void;
  /** Looks at the outbox soon (after the evaluator enqueued). */
  wake(): void;
  /** One pass over the outbox; resolves when it is done. */
  runOnce(): Promise<void>;
  /** Resolves once no pass is running or requested. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Delivers the outbox. Each receiver's queue goes strictly in order: its head is retried (same
 * webhook-id, exponential backoff with jitter, at least Retry-After) and nothing behind it is sent
 * until it is delivered, rejected, or given up. 410 Gone disables the receiver and drops its queue.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const random = deps.random ?? Math.random;
  const pollMs = deps.pollMs ?? 30_000;
  let cancelTimer: (() => void) | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    cancelTimer?.();
    cancelTimer = deps.scheduler.schedule(delayMs, () => {
      cancelTimer = undefined;
      trigger();
    });
  };

  const trigger = () => {
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'webhook delivery pass failed; retrying');
        return deps.clock.now() + 5_000;
      })
      .then((nextWakeMs) => {
        running = undefined;
        if (again) {
          again = false;
          trigger();
        } else
          schedule(
            Math.min(pollMs, Math.max(0, (nextWakeMs ?? Number.POSITIVE_INFINITY) - deps.clock.now())),
          );
      });
  };

  /** Returns when the next delivery is due (epoch ms), if any is waiting. */
  async function pass(): Promise<number | undefined> {
    const pending = await deps.outbox.pending();
    const disabled = await deps.deliveryLog.disabledReceivers();
    const queues = new Map<string, OutboxEntry[]>();
    for (const entry of pending)
      queues.set(entry.receiverKey, [...(queues.get(entry.receiverKey) ?? []), entry]);
    const waits: number[] = [];
    const workers = [...queues.values()];
    const runQueue = async () => {
      for (let queue = workers.shift(); queue; queue = workers.shift()) {
        const wait = await drain(queue, disabled);
        if (wait !== undefined) waits.push(wait);
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 4, workers.length) }, runQueue));
    return waits.length > 0 ? Math.min(...waits) : undefined;
  }

  /** Works through one receiver's queue; returns when its head is next due, if it had to stop. */
  async function drain(
    queue: OutboxEntry[],
    disabled: ReadonlyMap<string, string>,
  ): Promise<number | undefined> {
    for (const [index, entry] of queue.entries()) {
      if (disabled.has(entry.receiverKey)) {
        await finish(
          queue.slice(index),
          'disabled',
          0,
          `receiver disabled: ${disabled.get(entry.receiverKey)}`,
        );
        return undefined;
      }
      if (entry.nextAttemptMs > deps.clock.now()) return entry.nextAttemptMs;
      const result = await attempt(entry);
      const nowMs = deps.clock.now();
      if (result.verdict === 'delivered' || result.verdict === 'rejected' || result.verdict === 'refused') {
        await finish(
          [entry],
          result.verdict === 'delivered' ? 'delivered' : 'failed',
          result.statusCode,
          result.error,
          1,
        );
        continue;
      }
      if (result.verdict === 'gone') {
        await deps.deliveryLog.setReceiverDisabled([entry], true, `410 Gone from ${entry.url}`, nowMs);
        await finish([entry], 'disabled', 410, 'receiver answered 410 Gone; disabled', 1);
        await finish(queue.slice(index + 1), 'disabled', 0, 'receiver disabled after 410 Gone');
        deps.logger.warn(
          { url: entry.url, rule: entry.ruleId },
          'webhook receiver answered 410 Gone; disabled',
        );
        return undefined;
      }
      const error = result.error || `HTTP ${result.statusCode}`;
      if (nowMs - entry.createdMs >= backoff.giveUpAfterMs) {
        await finish([entry], 'dead', result.statusCode, `gave up: ${error}`, 1);
        continue;
      }
      const nextAttemptMs = nowMs + retryDelayMs(entry.attempts + 1, backoff, random, result.retryAfterMs);
      await deps.outbox.record([
        { ...bump(entry, nowMs, result.statusCode, error), attempts: entry.attempts + 1, nextAttemptMs },
      ]);
      return nextAttemptMs;
    }
    return undefined;
  }

  async function attempt(entry: OutboxEntry): Promise<WebhookResult> {
    const atMs = deps.clock.now();
    const result = await deps.send({
      url: entry.url,
      body: entry.body,
      contentType: entry.contentType,
      headers: entry.headers,
      secret: entry.secret,
      webhookId: entry.webhookId,
      timestampSeconds: Math.floor(atMs / 1000),
    });
    deps.onAttempt?.(result.verdict);
    const record: DeliveryAttempt = {
      webhookId: entry.webhookId,
      receiverKey: entry.receiverKey,
      attempt: entry.attempts + 1,
      atMs,
      outcome: result.verdict,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
    };
    await deps.deliveryLog.recordAttempts([record]).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not record a webhook attempt');
    });
    return result;
  }

  async function finish(
    entries: OutboxEntry[],
    status: OutboxStatus,
    statusCode: number,
    error: string,
    tried = 0,
  ) {
    const nowMs = deps.clock.now();
    await deps.outbox.record(
      entries.map((entry) => ({
        ...bump(entry, nowMs, statusCode, error),
        status,
        attempts: entry.attempts + tried,
      })),
    );
  }

  return {
    start() {
      stopped = false;
      trigger();
    },
    wake() {
      if (!stopped) trigger();
    },
    async runOnce() {
      const wasStopped = stopped;
      trigger();
      await this.idle();
      if (wasStopped) cancelTimer?.();
    },
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      cancelTimer?.();
      await this.idle();
    },
  };
}

function bump(entry: OutboxEntry, nowMs: number, statusCode: number, error: string): OutboxEntry {
  return {
    ...entry,
    version: entry.version + 1,
    updatedMs: nowMs,
    lastStatusCode: statusCode,
    lastError: error,
  };
}
