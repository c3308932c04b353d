import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleView } from '../../src/alerts/rule-view.ts';
import { type Alerting, startAlerting } from '../../src/alerts/start-alerting.ts';
import { type AlertHarness, startAlertHarness } from './alert-harness.ts';
import { startReceiver } from './receiver.ts';
import { scriptedMetrics } from './scripted-metrics.ts';

// A rule deleted, or disabled, while its alerts fire: each firing alert is resolved once, to the
// rule's own receivers, so the incident it opened downstream closes; nothing is sent after that.

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const TICK = 30_000;
// Both channels breach all along: only retiring the rule can end their alerts.
const SCRIPT = [{ paypal: 2000, alipay: 2000 }];

let harness: AlertHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let alerting: Alerting;
const settle = () => alerting.idle();

const rule = (name: string, path: string) => ({
  name,
  step: 'channel_pay',
  metric: 'p99',
  op: '>',
  threshold: 1000,
  window: '5m',
  for: '0s',
  groupBy: ['payment.channel'],
  receivers: [{ url: `${receiver.base}${path}`, format: 'generic' }],
});

/** (channel, state) of each notification a path received, in arrival order. */
const notifications = (path: string) =>
  receiver.received
    .filter((request) => request.path === path)
    .map((request) => JSON.parse(request.body).data)
    .map((data) => [data.dimensions['payment.channel'], data.state]);

beforeAll(async () => {
  harness = await startAlertHarness(T0);
  receiver = await startReceiver();
  alerting = startAlerting(harness.deps, {
    clock: harness.time,
    scheduler: harness.time,
    intervalMs: TICK,
    metricSource: scriptedMetrics(T0, TICK, SCRIPT),
  });
}, 60_000);

afterAll(async () => {
  await alerting?.stop();
  await receiver?.close();
  await harness?.close();
});

describe('retiring a rule while it fires', () => {
  it('resolves each firing alert of a deleted rule once, to its receivers', async () => {
    const created = (await harness.api('POST', '/api/v1/alert-rules', rule('deleted', '/deleted')))
      .body as RuleView;
    await harness.time.advance(TICK, settle);
    await harness.time.advance(TICK, settle);
    expect(notifications('/deleted').sort()).toEqual([
      ['alipay', 'firing'],
      ['paypal', 'firing'],
    ]);
    expect((await harness.api('DELETE', `/api/v1/alert-rules/${created.id}`)).status).toBe(204);
    for (let i = 0; i < 4; i++) await harness.time.advance(TICK, settle);
    expect(notifications('/deleted').slice(2).sort()).toEqual([
      ['alipay', 'resolved'],
      ['paypal', 'resolved'],
    ]);
  });

  it('resolves them when the rule is disabled, and fires again once it is enabled', async () => {
    const created = (await harness.api('POST', '/api/v1/alert-rules', rule('disabled', '/disabled')))
      .body as RuleView;
    await harness.time.advance(TICK, settle);
    await harness.time.advance(TICK, settle);
    const input = rule('disabled', '/disabled');
    const disable = await harness.api('PUT', `/api/v1/alert-rules/${created.id}`, {
      ...input,
      version: created.version,
      enabled: false,
    });
    expect(disable.status).toBe(200);
    for (let i = 0; i < 3; i++) await harness.time.advance(TICK, settle);
    const view = (await harness.api('GET', `/api/v1/alert-rules/${created.id}`)).body as RuleView;
    expect(view.alerts.map((alert) => alert.state)).toEqual(['resolved', 'resolved']);
    expect(notifications('/disabled').slice(2).sort()).toEqual([
      ['alipay', 'resolved'],
      ['paypal', 'resolved'],
    ]);
    const enable = await harness.api('PUT', `/api/v1/alert-rules/${created.id}`, {
      ...input,
      version: created.version + 1,
      enabled: true,
    });
    expect(enable.status).toBe(200);
    for (let i = 0; i < 2; i++) await harness.time.advance(TICK, settle);
    expect(notifications('/disabled').slice(4).sort()).toEqual([
      ['alipay', 'firing'],
      ['paypal', 'firing'],
    ]);
  });
});
