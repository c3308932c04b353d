import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleView } from '../../src/alerts/rule-view.ts';
import { type Alerting, startAlerting } from '../../src/alerts/start-alerting.ts';
import {
  type AlertHarness,
  channelPaySpan,
  PUBLIC_URL,
  startAlertHarness,
  traceId,
} from './alert-harness.ts';
import { ok, startReceiver } from './receiver.ts';

// Issue #14: an alert on the `violations` of a consistency check (the demo link's double_charge),
// delivered to a loopback receiver with the check, the count and the violating journeys.

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

let harness: AlertHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let alerting: Alerting;
let rule: RuleView;
/** Journeys charged twice inside the window: key, trace and the second charge's start. */
const charged: { key: string; traceId: string; atMs: number }[] = [];

beforeAll(async () => {
  harness = await startAlertHarness(T0);
  receiver = await startReceiver((_req, res) => ok(res));
  const rows = [];
  for (let i = 0; i < 8; i++) {
    const id = traceId();
    const startMs = T0 - 4 * MINUTE + i * 20_000;
    rows.push(channelPaySpan({ traceId: id, channel: 'alipay', startMs, durationMs: 300 }));
    if (i % 3 === 0) {
      // Charged again after a call the caller gave up on: two successful channel calls.
      rows.push(
        channelPaySpan({ traceId: id, channel: 'alipay', startMs: startMs + 1_000, durationMs: 250 }),
      );
      charged.push({ key: `o-${id}`, traceId: id, atMs: startMs + 1_000 });
    } else if (i % 3 === 1) {
      // A retry that failed charges once.
      rows.push(
        channelPaySpan({
          traceId: id,
          channel: 'alipay',
          startMs: startMs + 1_000,
          durationMs: 250,
          error: 'timeout',
        }),
      );
    }
  }
  // Charged twice before the window (and its context): not counted.
  const old = traceId();
  for (const offset of [0, 1_000])
    rows.push(
      channelPaySpan({
        traceId: old,
        channel: 'alipay',
        startMs: T0 - 30 * MINUTE + offset,
        durationMs: 200,
      }),
    );
  await harness.insertSpans(rows);
  const created = await harness.api('POST', '/api/v1/alert-rules', {
    name: 'charged twice',
    check: 'double_charge',
    metric: 'violations',
    op: '>',
    threshold: 0,
    window: '5m',
    receivers: [{ url: `${receiver.base}/hook`, format: 'generic' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  rule = created.body as RuleView;
  alerting = startAlerting(harness.deps, {
    clock: harness.time,
    scheduler: harness.time,
    intervalMs: 30_000,
  });
  await alerting.idle();
  await harness.time.advance(30_000, () => alerting.idle());
});

afterAll(async () => {
  await alerting?.stop();
  await receiver?.close();
  await harness?.close();
});

describe('an alert on a check’s violations', () => {
  it('takes the check’s step and refuses a check the link lacks', async () => {
    expect(rule).toMatchObject({ step: 'channel_pay', check: 'double_charge', metric: 'violations' });
    const refused = await harness.api('POST', '/api/v1/alert-rules', {
      name: 'x',
      check: 'nope',
      metric: 'violations',
      op: '>',
      threshold: 0,
      window: '5m',
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('check');
  });

  it('fires with the check, the count and the newest violating journeys with their links', () => {
    expect(receiver.received).toHaveLength(1);
    const { data } = JSON.parse(receiver.received[0]!.body);
    const newest = [...charged].sort((a, b) => b.atMs - a.atMs);
    expect(data).toMatchObject({
      state: 'firing',
      rule: { id: rule.id, metric: 'violations' },
      step: { id: 'channel_pay' },
      check: { id: 'double_charge', title: 'Charged twice', kind: 'atMostOnce', severity: 'critical' },
      value: charged.length,
      threshold: 0,
    });
    expect(data.journeys).toEqual(
      newest.map((c) => ({ key: c.key, url: `${PUBLIC_URL}/journeys/${encodeURIComponent(c.key)}` })),
    );
    expect(data.samples.map((s: { traceId: string }) => s.traceId)).toEqual(newest.map((c) => c.traceId));
  });
});
