import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOpenApi } from '../../../test/support/openapi-validator.ts';
import { ALERTMANAGER_ZERO_TIME } from '../../src/alerts/formats/alertmanager.ts';
import type { RuleView } from '../../src/alerts/rule-view.ts';
import { type Alerting, startAlerting } from '../../src/alerts/start-alerting.ts';
import {
  type AlertHarness,
  channelPaySpan,
  PUBLIC_URL,
  startAlertHarness,
  traceId,
} from './alert-harness.ts';
import { ok, type ReceivedRequest, startReceiver } from './receiver.ts';

// A rule on real spans fires after `for` and resolves; each format's body is checked field by
// field, and every signature is verified with the reference Standard Webhooks library.

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
const MINUTE = 60_000;

let harness: AlertHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let alerting: Alerting;
let rule: RuleView;
/** paypal traces, slowest first: the samples a firing p99 alert should carry. */
const slowTraces: string[] = [];

beforeAll(async () => {
  harness = await startAlertHarness(T0);
  receiver = await startReceiver((_req, res) => ok(res));
  // paypal: 50 spans of 1510 to 2000 ms from T0-4m, then 50 fast ones (201 to 250 ms) from T0-1m;
  // alipay: fast throughout. With all 100 paypal spans in the window, the nearest-rank p99 is the
  // 99th smallest: 1990 ms.
  const rows = [];
  for (let i = 1; i <= 50; i++) {
    const id = traceId();
    slowTraces.unshift(id);
    rows.push(
      channelPaySpan({
        traceId: id,
        channel: 'paypal',
        startMs: T0 - 4 * MINUTE + i * 1000,
        durationMs: 1500 + i * 10,
      }),
    );
    rows.push(
      channelPaySpan({
        traceId: traceId(),
        channel: 'alipay',
        startMs: T0 - 4 * MINUTE + i * 1000,
        durationMs: 100 + i,
      }),
    );
    rows.push(
      channelPaySpan({
        traceId: traceId(),
        channel: 'paypal',
        startMs: T0 - MINUTE + i * 1000,
        durationMs: 200 + i,
      }),
    );
  }
  await harness.insertSpans(rows);
  const created = await harness.api('POST', '/api/v1/alert-rules', {
    name: 'paypal p99',
    step: 'channel_pay',
    metric: 'p99',
    op: '>',
    threshold: 1000,
    window: '5m',
    for: '1m',
    groupBy: ['payment.channel'],
    labels: { severity: 'page' },
    annotations: { summary: 'A channel is slow' },
    receivers: [
      {
        name: 'generic-hook',
        url: `${receiver.base}/generic`,
        format: 'generic',
        secret: SECRET,
        headers: { 'X-Team': 'payments' },
      },
      { name: 'am', url: `${receiver.base}/alertmanager`, format: 'alertmanager', secret: SECRET },
      { url: `${receiver.base}/slack`, format: 'slack', secret: SECRET },
    ],
  });
  expect(created.status).toBe(201);
  rule = created.body as RuleView;
  alerting = startAlerting(harness.deps, {
    clock: harness.time,
    scheduler: harness.time,
    intervalMs: 30_000,
  });
  await alerting.idle();
});

afterAll(async () => {
  await alerting?.stop();
  await receiver?.close();
  await harness?.close();
});

const settle = () => alerting.idle();
const byPath = (path: string) => receiver.received.filter((request) => request.path === path);
const json = (request: ReceivedRequest | undefined) => JSON.parse(request!.body);

/** Verified at the (manual) time it was signed: the library refuses timestamps 5 min away from now. */
function verified(request: ReceivedRequest): unknown {
  const signedAtMs = Number(request.headers['webhook-timestamp']) * 1000;
  const now = vi.spyOn(Date, 'now').mockReturnValue(signedAtMs);
  try {
    return new Webhook(SECRET).verify(request.body, request.headers as Record<string, string>);
  } finally {
    now.mockRestore();
  }
}

describe('a p99 rule with group-by on real spans', () => {
  it('goes pending at once, fires after `for`, and notifies every receiver once', async () => {
    const view = (await harness.api('GET', `/api/v1/alert-rules/${rule.id}`)).body as RuleView;
    expect(view.state).toBe('pending');
    expect(view.alerts).toEqual([
      {
        dimensions: { 'payment.channel': 'paypal' },
        state: 'pending',
        value: 1990,
        activeSince: new Date(T0).toISOString(),
        firingSince: null,
        evaluatedAt: new Date(T0).toISOString(),
      },
    ]);
    await harness.time.advance(30_000, settle);
    expect(receiver.received).toEqual([]);
    await harness.time.advance(30_000, settle);
    expect(receiver.received.map((request) => request.path).sort()).toEqual([
      '/alertmanager',
      '/generic',
      '/slack',
    ]);
  });

  it('signs every body so the reference library verifies it', () => {
    for (const request of receiver.received) {
      expect(() => verified(request)).not.toThrow();
      expect(request.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(request.headers['webhook-timestamp']).toBe(String((T0 + MINUTE) / 1000));
      expect(request.headers['content-type']).toBe('application/json');
    }
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(3);
    expect(byPath('/generic')[0]!.headers['x-team']).toBe('payments');
  });

  it('sends the generic body with the rule, step, dimensions, value, threshold and sample traces', () => {
    const body = json(byPath('/generic')[0]);
    expect(body).toEqual({
      type: 'alert.firing',
      timestamp: new Date(T0 + MINUTE).toISOString(),
      data: {
        eventId: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
        state: 'firing',
        rule: {
          id: rule.id,
          name: 'paypal p99',
          version: 1,
          metric: 'p99',
          op: '>',
          window: '5m',
          for: '1m',
          labels: { severity: 'page' },
          annotations: { summary: 'A channel is slow' },
        },
        step: { id: 'channel_pay', title: 'Channel gateway' },
        dimensions: { 'payment.channel': 'paypal' },
        value: 1990,
        threshold: 1000,
        windowMs: 300_000,
        startsAt: new Date(T0 + MINUTE).toISOString(),
        endsAt: null,
        samples: slowTraces.slice(0, 5).map((id) => ({ traceId: id, url: `${PUBLIC_URL}/traces/${id}` })),
        url: `${PUBLIC_URL}/alerts?rule=${rule.id}`,
      },
    });
  });

  it('sends the Alertmanager v4 body', () => {
    const body = json(byPath('/alertmanager')[0]);
    const labels = {
      alertname: 'paypal p99',
      step: 'channel_pay',
      metric: 'p99',
      payment_channel: 'paypal',
      severity: 'page',
    };
    const annotations = {
      summary: 'A channel is slow',
      value: '1990 ms',
      threshold: '> 1000 ms',
      window: '5m',
      sample_traces: slowTraces
        .slice(0, 5)
        .map((id) => `${PUBLIC_URL}/traces/${id}`)
        .join(' '),
    };
    expect(body).toEqual({
      version: '4',
      groupKey: '{}:{alertname="paypal p99"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'am',
      groupLabels: { alertname: 'paypal p99' },
      commonLabels: labels,
      commonAnnotations: annotations,
      externalURL: PUBLIC_URL,
      alerts: [
        {
          status: 'firing',
          labels,
          annotations,
          startsAt: new Date(T0 + MINUTE).toISOString(),
          endsAt: ALERTMANAGER_ZERO_TIME,
          generatorURL: `${PUBLIC_URL}/alerts?rule=${rule.id}`,
          fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        },
      ],
    });
  });

  it('sends the Slack body', () => {
    const body = json(byPath('/slack')[0]);
    expect(body.text).toBe('FIRING: paypal p99: channel_pay p99 1990 ms > 1000 ms (payment.channel=paypal)');
    expect(body.blocks[0]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:red_circle: FIRING: *<${PUBLIC_URL}/alerts?rule=${rule.id}|paypal p99>*`,
      },
    });
    expect(body.blocks[1].fields.map((field: { text: string }) => field.text)).toEqual([
      '*Step*\nChannel gateway (`channel_pay`)',
      '*p99 over 5m*\n1990 ms',
      '*Threshold*\n&gt; 1000 ms',
      `*Since*\n${new Date(T0 + MINUTE).toISOString()}`,
      '*payment.channel*\npaypal',
    ]);
    expect(body.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'A channel is slow' } });
    expect(body.blocks[3].elements[0].text).toBe(
      `Sample traces: ${slowTraces
        .slice(0, 5)
        .map((id) => `<${PUBLIC_URL}/traces/${id}|${id.slice(0, 12)}>`)
        .join(', ')}`,
    );
  });

  it('stays firing without repeating itself, then resolves once the slow spans leave the window', async () => {
    await harness.time.advance(30_000, settle); // T0+1m30s: 21 slow spans left, p99 still 2000 ms
    expect(receiver.received).toHaveLength(3);
    // The first tick whose window [t-5m, t) holds no slow span any more resolves, on the fast spans' p99.
    const lastSlowStart = T0 - 4 * MINUTE + 50 * 1000;
    const resolveAt = Math.ceil((lastSlowStart + 5 * MINUTE + 1) / 30_000) * 30_000;
    await harness.time.advance(resolveAt - harness.time.now() - 1, settle);
    expect(receiver.received).toHaveLength(3);
    await harness.time.advance(1, settle);
    const resolved = receiver.received.slice(3);
    expect(resolved.map((request) => request.path).sort()).toEqual(['/alertmanager', '/generic', '/slack']);
    for (const request of resolved) expect(() => verified(request)).not.toThrow();
    const generic = json(byPath('/generic')[1]);
    expect(generic.type).toBe('alert.resolved');
    expect(generic.timestamp).toBe(new Date(resolveAt).toISOString());
    expect(generic.data).toMatchObject({
      state: 'resolved',
      startsAt: new Date(T0 + MINUTE).toISOString(),
      endsAt: new Date(resolveAt).toISOString(),
      value: 250,
      samples: [],
    });
    expect(generic.data.eventId).not.toBe(json(byPath('/generic')[0]).data.eventId);
    const am = json(byPath('/alertmanager')[1]);
    expect(am.status).toBe('resolved');
    expect(am.alerts[0].endsAt).toBe(new Date(resolveAt).toISOString());
    expect(am.alerts[0].annotations.value).toBe('250 ms');
    expect(json(byPath('/slack')[1]).text).toBe(
      'RESOLVED: paypal p99: channel_pay p99 250 ms > 1000 ms (payment.channel=paypal)',
    );
    await harness.time.advance(2 * MINUTE, settle);
    expect(receiver.received).toHaveLength(6);
  });

  it('shows the history with every delivery delivered once', async () => {
    const { status, body } = await harness.api(
      'GET',
      `/api/v1/alerts?from=${T0 - MINUTE}&to=${T0 + 10 * MINUTE}`,
    );
    expect(status).toBe(200);
    const { events, active } = body as {
      events: { state: string; deliveries: { status: string; attempts: number }[] }[];
      active: unknown[];
    };
    expect(events.map((event) => event.state)).toEqual(['resolved', 'firing']);
    for (const event of events) {
      expect(event.deliveries.map((delivery) => [delivery.status, delivery.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
        ['delivered', 1],
      ]);
    }
    expect(active).toEqual([]);
    const view = (await harness.api('GET', `/api/v1/alert-rules/${rule.id}`)).body as RuleView;
    expect(view.state).toBe('resolved');
    const counted = await harness.deps.metrics.webhookDeliveries.get();
    expect(counted.values.map((v) => [v.labels.outcome, v.value])).toEqual([['delivered', 6]]);
  });

  it('answers in the shapes server/openapi.yaml documents', async () => {
    const openapi = loadOpenApi();
    const checks: [string, string, string, unknown][] = [
      ['get', '/alert-rules', '/api/v1/alert-rules', undefined],
      ['get', '/alert-rules/{id}', `/api/v1/alert-rules/${rule.id}`, undefined],
      ['get', '/alerts', `/api/v1/alerts?from=${T0 - MINUTE}&to=${T0 + 10 * MINUTE}`, undefined],
      ['get', '/alerts', '/api/v1/alerts?limit=0', undefined],
      ['post', '/alert-rules', '/api/v1/alert-rules', { name: 'x', step: 'nope' }],
      ['post', '/alert-rules/{id}/test', `/api/v1/alert-rules/${rule.id}/test`, {}],
    ];
    for (const [method, template, path, body] of checks) {
      const response = await harness.api(method.toUpperCase(), path, body);
      expect(openapi.validate(method, template, response.status, response.body), `${method} ${path}`).toEqual(
        [],
      );
      expect(
        openapi.undocumented(method, template, response.status, response.body),
        `${method} ${path}`,
      ).toEqual([]);
    }
  });
});
