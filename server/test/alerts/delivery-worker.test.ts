import { describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../src/alerts/backoff.ts';
import type { DeliveryAttempt } from '../../src/alerts/delivery-log.ts';
import { createDeliveryWorker } from '../../src/alerts/delivery-worker.ts';
import type { OutboxEntry } from '../../src/alerts/outbox-repository.ts';
import type { WebhookRequest, WebhookResult } from '../../src/alerts/webhook-sender.ts';
import { ManualTime } from './manual-time.ts';

// The delivery worker's rules over an in-memory outbox: strict per-receiver order, backoff,
// Retry-After, 410 disabling a receiver, rejections and give-ups moving the queue on.

const POLICY: BackoffPolicy = {
  baseMs: 1000,
  factor: 2,
  maxMs: 60_000,
  maxRetryAfterMs: 600_000,
  giveUpAfterMs: 3_600_000,
};

function entry(receiverKey: string, seq: number, url = `http://127.0.0.1/${receiverKey}`): OutboxEntry {
  return {
    receiverKey,
    webhookId: `msg_${receiverKey}_${seq}`,
    seq,
    ruleId: 'rul_1',
    eventId: `evt_${seq}`,
    url,
    receiverName: receiverKey,
    contentType: 'application/json',
    body: `{"seq":${seq}}`,
    headers: {},
    secret: '',
    status: 'pending',
    attempts: 0,
    nextAttemptMs: 0,
    createdMs: 0,
    updatedMs: 0,
    lastStatusCode: 0,
    lastError: '',
    version: 1,
  };
}

function world(
  entries: OutboxEntry[],
  answer: (request: WebhookRequest, atMs: number) => Partial<WebhookResult>,
) {
  const time = new ManualTime(0);
  const rows = new Map(entries.map((e) => [e.webhookId, e]));
  const disabled = new Map<string, string>();
  const attempts: DeliveryAttempt[] = [];
  const sent: { id: string; atMs: number }[] = [];
  const worker = createDeliveryWorker({
    outbox: {
      async pending() {
        return [...rows.values()]
          .filter((e) => e.status === 'pending')
          .sort((a, b) => a.receiverKey.localeCompare(b.receiverKey) || a.seq - b.seq);
      },
      async record(updates) {
        for (const update of updates) {
          expect(update.version).toBeGreaterThan(rows.get(update.webhookId)!.version);
          rows.set(update.webhookId, update);
        }
      },
    },
    deliveryLog: {
      async recordAttempts(list) {
        attempts.push(...list);
      },
      async disabledReceivers() {
        return new Map(disabled);
      },
      async setReceiverDisabled(receivers, on, reason) {
        for (const r of receivers) if (on) disabled.set(r.receiverKey, reason);
      },
    },
    send: async (request) => {
      sent.push({ id: request.webhookId, atMs: time.now() });
      return {
        verdict: 'delivered',
        statusCode: 200,
        error: '',
        durationMs: 1,
        ...answer(request, time.now()),
      };
    },
    clock: time,
    scheduler: time,
    logger: { warn: () => {}, info: () => {} },
    backoff: POLICY,
    random: () => 0,
  });
  const run = async (ms: number) => {
    worker.start();
    await time.advance(ms, () => worker.idle());
    await worker.stop();
  };
  return { rows, disabled, attempts, sent, run, time };
}

describe('delivery worker', () => {
  it('delivers each receiver queue in order', async () => {
    const w = world([entry('a', 2), entry('a', 1), entry('b', 1)], () => ({}));
    await w.run(0);
    // Receivers are served concurrently; within one, strictly in order.
    expect(w.sent.map((s) => s.id).filter((id) => id.startsWith('msg_a'))).toEqual(['msg_a_1', 'msg_a_2']);
    expect(w.sent).toHaveLength(3);
    expect([...w.rows.values()].map((e) => [e.webhookId, e.status, e.attempts])).toEqual([
      ['msg_a_2', 'delivered', 1],
      ['msg_a_1', 'delivered', 1],
      ['msg_b_1', 'delivered', 1],
    ]);
  });

  it('holds the queue behind a failing head, retrying it with backoff, then drains in order', async () => {
    const w = world([entry('a', 1), entry('a', 2)], (_req, atMs) =>
      atMs < 10_000 ? { verdict: 'retry', statusCode: 503, error: '' } : {},
    );
    await w.run(60_000);
    // random() = 0: delays are half the exponential ones: 0.5 s, 1 s, 2 s, 4 s, 8 s.
    expect(w.sent).toEqual([
      { id: 'msg_a_1', atMs: 0 },
      { id: 'msg_a_1', atMs: 500 },
      { id: 'msg_a_1', atMs: 1500 },
      { id: 'msg_a_1', atMs: 3500 },
      { id: 'msg_a_1', atMs: 7500 },
      { id: 'msg_a_1', atMs: 15_500 },
      { id: 'msg_a_2', atMs: 15_500 },
    ]);
    expect(w.rows.get('msg_a_1')).toMatchObject({ status: 'delivered', attempts: 6 });
    expect(w.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 1]);
  });

  it('waits as long as Retry-After asks', async () => {
    const w = world([entry('a', 1)], (_req, atMs) =>
      atMs === 0 ? { verdict: 'retry', statusCode: 429, error: '', retryAfterMs: 45_000 } : {},
    );
    await w.run(60_000);
    expect(w.sent).toEqual([
      { id: 'msg_a_1', atMs: 0 },
      { id: 'msg_a_1', atMs: 45_000 },
    ]);
  });

  it('moves on past a rejected or refused delivery', async () => {
    const w = world([entry('a', 1), entry('a', 2), entry('a', 3)], (req) => {
      if (req.webhookId === 'msg_a_1') return { verdict: 'rejected', statusCode: 400 };
      if (req.webhookId === 'msg_a_2') return { verdict: 'refused', statusCode: 0, error: 'refused: x' };
      return {};
    });
    await w.run(0);
    expect(w.sent.map((s) => s.id)).toEqual(['msg_a_1', 'msg_a_2', 'msg_a_3']);
    expect([1, 2, 3].map((seq) => w.rows.get(`msg_a_${seq}`)!.status)).toEqual([
      'failed',
      'failed',
      'delivered',
    ]);
    expect(w.rows.get('msg_a_2')!.lastError).toBe('refused: x');
  });

  it('disables a receiver that answers 410 and drops its queue, leaving others alone', async () => {
    const w = world([entry('a', 1), entry('a', 2), entry('b', 1)], (req) =>
      req.webhookId === 'msg_a_1' ? { verdict: 'gone', statusCode: 410 } : {},
    );
    await w.run(0);
    expect(w.sent.map((s) => s.id).sort()).toEqual(['msg_a_1', 'msg_b_1']);
    expect(w.rows.get('msg_a_1')).toMatchObject({ status: 'disabled', lastStatusCode: 410, attempts: 1 });
    expect(w.rows.get('msg_a_2')).toMatchObject({ status: 'disabled', attempts: 0 });
    expect(w.rows.get('msg_b_1')!.status).toBe('delivered');
    expect([...w.disabled.keys()]).toEqual(['a']);
  });

  it('gives a delivery up once it has failed for giveUpAfterMs, and goes on', async () => {
    const w = world([entry('a', 1), entry('a', 2)], (req) =>
      req.webhookId === 'msg_a_1' ? { verdict: 'retry', statusCode: 500 } : {},
    );
    await w.run(2 * 3_600_000);
    expect(w.rows.get('msg_a_1')).toMatchObject({ status: 'dead', lastError: 'gave up: HTTP 500' });
    expect(w.rows.get('msg_a_2')!.status).toBe('delivered');
    const lastTry = w.sent.filter((s) => s.id === 'msg_a_1').at(-1)!.atMs;
    expect(lastTry).toBeGreaterThanOrEqual(3_600_000);
    expect(w.sent.at(-1)).toEqual({ id: 'msg_a_2', atMs: lastTry });
  });
});
