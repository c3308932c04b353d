import { sql } from '@paylens/store';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RuleView } from '../../src/alerts/rule-view.ts';
import { type Alerting, startAlerting } from '../../src/alerts/start-alerting.ts';
import { type AlertHarness, startAlertHarness } from './alert-harness.ts';
import { startReceiver } from './receiver.ts';
import { scriptedMetrics } from './scripted-metrics.ts';

// The receiver is down for two (manual) minutes while alerts fire and resolve: 503 with
// Retry-After, dropped connections and requests that hang until the sender's deadline. Afterwards
// every notification arrives, in order, each webhook-id accepted once; a webhook-id is only ever
// repeated as a retry of itself.

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const TICK = 30_000;
const DOWN_UNTIL = T0 + 120_000;
const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const RETRY_AFTER_S = 7;

// Tick by tick: paypal fires, alipay fires, paypal resolves, wechat fires, alipay resolves, paypal fires again.
const SCRIPT = [
  { paypal: 2000, alipay: 100, wechat: 100 },
  { paypal: 2000, alipay: 2000, wechat: 100 },
  { paypal: 100, alipay: 2000, wechat: 100 },
  { paypal: 100, alipay: 2000, wechat: 2000 },
  { paypal: 100, alipay: 100, wechat: 2000 },
  { paypal: 2000, alipay: 100, wechat: 2000 },
];
const EXPECTED = [
  ['paypal', 'firing', T0],
  ['alipay', 'firing', T0 + TICK],
  ['paypal', 'resolved', T0 + 2 * TICK],
  ['wechat', 'firing', T0 + 3 * TICK],
  ['alipay', 'resolved', T0 + 4 * TICK],
  ['paypal', 'firing', T0 + 5 * TICK],
];

interface Seen {
  path: string;
  atMs: number;
  webhookId: string;
  status: number;
  body: string;
  headers: Record<string, string>;
}

let harness: AlertHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let alerting: Alerting;
const seen: Seen[] = [];

beforeAll(async () => {
  harness = await startAlertHarness(T0);
  let downCount = 0;
  receiver = await startReceiver((req, res) => {
    const atMs = harness.time.now();
    let status = 200;
    if (atMs < DOWN_UNTIL) {
      const mode = downCount++ % 3;
      if (mode === 0) {
        status = 503;
        res.writeHead(503, { 'retry-after': String(RETRY_AFTER_S) }).end('down');
      } else if (mode === 1) {
        status = 0;
        res.socket?.destroy();
      } else status = -1; // never answered: the sender's deadline ends it
    } else res.writeHead(200).end('ok');
    seen.push({
      path: req.path,
      atMs,
      webhookId: String(req.headers['webhook-id']),
      status,
      body: req.body,
      headers: req.headers as Record<string, string>,
    });
    return status;
  });
  const created = await harness.api('POST', '/api/v1/alert-rules', {
    name: 'channel p99',
    step: 'channel_pay',
    metric: 'p99',
    op: '>',
    threshold: 1000,
    window: '5m',
    for: '0s',
    groupBy: ['payment.channel'],
    receivers: [
      { url: `${receiver.base}/a`, format: 'generic', secret: SECRET },
      { url: `${receiver.base}/b`, format: 'alertmanager' },
    ],
  });
  expect((created.body as RuleView).id).toBeDefined();
  alerting = startAlerting(harness.deps, {
    clock: harness.time,
    scheduler: harness.time,
    intervalMs: TICK,
    requestTimeoutMs: 250,
    metricSource: scriptedMetrics(T0, TICK, SCRIPT),
  });
  const settle = () => alerting.idle();
  await settle();
  for (let t = 0; t < 15 * 60_000; t += 5_000) await harness.time.advance(5_000, settle);
}, 120_000);

afterAll(async () => {
  await alerting?.stop();
  await receiver?.close();
  await harness?.close();
});

function describeBody(path: string, body: string): [string, string, number] {
  const parsed = JSON.parse(body);
  if (path === '/a')
    return [parsed.data.dimensions['payment.channel'], parsed.data.state, Date.parse(parsed.timestamp)];
  const alert = parsed.alerts[0];
  const at = alert.status === 'resolved' ? alert.endsAt : alert.startsAt;
  return [alert.labels.payment_channel, alert.status, Date.parse(at)];
}

describe.each(['/a', '/b'])('receiver %s', (path) => {
  const mine = () => seen.filter((request) => request.path === path);

  it('was really down: attempts failed every way before it came back', () => {
    const failures = mine().filter((request) => request.atMs < DOWN_UNTIL);
    expect(new Set(failures.map((request) => request.status))).toEqual(new Set([503, 0, -1]));
    expect(failures.every((request) => request.status !== 200)).toBe(true);
  });

  it('got every notification afterwards, in order, each webhook-id accepted once', () => {
    const accepted = mine().filter((request) => request.status === 200);
    expect(accepted.map((request) => describeBody(path, request.body))).toEqual(EXPECTED);
    expect(new Set(accepted.map((request) => request.webhookId)).size).toBe(EXPECTED.length);
  });

  it('only ever repeated a webhook-id as a retry of itself, with the same body', () => {
    const order = [...new Set(mine().map((request) => request.webhookId))];
    const positions = mine().map((request) => order.indexOf(request.webhookId));
    // Strictly per-receiver: once an id moved on, it never comes back.
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const id of order) {
      const bodies = new Set(
        mine()
          .filter((request) => request.webhookId === id)
          .map((request) => request.body),
      );
      expect(bodies.size).toBe(1);
    }
  });

  it('waited at least Retry-After after a 503', () => {
    const requests = mine();
    requests.forEach((request, i) => {
      const next = requests[i + 1];
      if (request.status === 503 && next)
        expect(next.atMs - request.atMs).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    });
  });
});

describe('after the outage', () => {
  it('signed every attempt for the secret receiver', () => {
    for (const request of seen.filter((r) => r.path === '/a')) {
      const now = vi.spyOn(Date, 'now').mockReturnValue(Number(request.headers['webhook-timestamp']) * 1000);
      try {
        expect(() => new Webhook(SECRET).verify(request.body, request.headers)).not.toThrow();
      } finally {
        now.mockRestore();
      }
    }
  });

  it('left every outbox row delivered, with its attempts recorded', async () => {
    const rows = await harness.driver.query<{ Url: string; Status: string; Attempts: number; n: number }>(sql`
      SELECT argMax(Url, Version) AS Url, argMax(Status, Version) AS Status, argMax(Attempts, Version) AS Attempts
      FROM paylens_webhook_outbox GROUP BY ReceiverKey, WebhookId`);
    expect(rows).toHaveLength(2 * EXPECTED.length);
    expect(rows.every((row) => row.Status === 'delivered')).toBe(true);
    const attempts = await harness.driver.query<{ n: number }>(
      sql`SELECT count() AS n FROM paylens_webhook_attempts`,
    );
    expect(Number(attempts[0]!.n)).toBe(seen.length);
  });
});
