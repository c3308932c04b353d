import { randomBytes } from 'node:crypto';
import type { SpanRow } from '@paylens/store';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spanRow } from '../../../test/fixtures/span-rows.ts';
import type { RuleView } from '../../src/alerts/rule-view.ts';
import { type Alerting, startAlerting } from '../../src/alerts/start-alerting.ts';
import { analyticsContext } from '../../src/analytics/context.ts';
import { sloSources } from '../../src/slo/slo-coverage.ts';
import { type AlertHarness, startAlertHarness, traceId } from './alert-harness.ts';
import { ok, type ReceivedRequest, startReceiver } from './receiver.ts';

// Multiwindow burn-rate alerts (DESIGN.md "SLOs and burn-rate alerts") on a manual clock, over the
// demo link's SLOs: create_order (99%, ≤ 500 ms) burns fast for ten minutes, then recovers;
// payment_create (99%) leaks slowly for days. Each step gets the SRE workbook's three rules.

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const STANDARD = [
  { name: 'fast', longWindow: '1h', shortWindow: '5m', threshold: 14.4, longMs: HOUR, shortMs: 5 * MINUTE },
  {
    name: 'medium',
    longWindow: '6h',
    shortWindow: '30m',
    threshold: 6,
    longMs: 6 * HOUR,
    shortMs: 30 * MINUTE,
  },
  { name: 'slow', longWindow: '3d', shortWindow: '6h', threshold: 1, longMs: 3 * DAY, shortMs: 6 * HOUR },
];
const OBJECTIVE = 99;
const LATENCY_MS = 500;

interface Sent {
  step: string;
  startMs: number;
  good: boolean;
  traceId: string;
}
const sent: Sent[] = [];

/** A span of `step` as the demo's services write it; bad ones fail or run past the SLO's 500 ms. */
function stepSpan(
  step: 'create_order' | 'payment_create',
  startMs: number,
  outcome: 'good' | 'error' | 'slow',
): SpanRow {
  const id = traceId();
  sent.push({ step, startMs, good: outcome === 'good', traceId: id });
  const [service, name] =
    step === 'create_order' ? ['order-svc', 'POST /orders'] : ['payment-svc', 'POST /payments'];
  const durationMs = outcome === 'slow' ? LATENCY_MS + 100 : 40;
  return spanRow({
    TraceId: id,
    SpanId: randomBytes(8).toString('hex'),
    Timestamp: `${BigInt(startMs) * 1_000_000n}`,
    SpanName: name,
    SpanKind: 'Server',
    ServiceName: service,
    Duration: `${BigInt(durationMs) * 1_000_000n}`,
    StatusCode: outcome === 'error' ? 'Error' : 'Ok',
    StatusMessage: outcome === 'error' ? 'order store unavailable' : '',
  });
}

/** The test's own burn rate of `step` over [at − w, at). */
function burn(step: string, at: number, windowMs: number): number {
  const spans = sent.filter((s) => s.step === step && s.startMs >= at - windowMs && s.startMs < at);
  const bad = spans.filter((s) => !s.good).length;
  return bad / spans.length / (1 - OBJECTIVE / 100);
}

let harness: AlertHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let alerting: Alerting;
const rules = new Map<string, RuleView>();

beforeAll(async () => {
  harness = await startAlertHarness(T0);
  // The SLO minutes view is in place before the spans arrive.
  expect((await sloSources(analyticsContext(harness.deps))).rollupFromMs).toBe(0);
  receiver = await startReceiver((_req, res) => ok(res));
  const rows: SpanRow[] = [];
  // Three days and a half of healthy traffic on both steps, one span every 10 s, until T0 + 10 min.
  for (let t = T0 - 3.5 * DAY; t < T0 + 10 * MINUTE; t += 10 * SECOND) {
    rows.push(stepSpan('create_order', t + 1234, 'good'));
    // payment_create leaks: 3 of every 200 spans fail, evenly (1.5% bad, a burn rate of 1.5).
    const i = Math.round((t - T0) / (10 * SECOND));
    rows.push(
      stepSpan('payment_create', t + 4321, [0, 67, 134].includes(((i % 200) + 200) % 200) ? 'error' : 'good'),
    );
  }
  // The fast burn: ten minutes before T0, a failing or slow order every second.
  for (let t = T0 - 10 * MINUTE; t < T0; t += SECOND)
    rows.push(stepSpan('create_order', t + 500, t % 2000 ? 'slow' : 'error'));
  await harness.insertSpans(rows);
  for (const step of ['create_order', 'payment_create'])
    for (const standard of STANDARD) {
      const created = await harness.api('POST', '/api/v1/alert-rules', {
        name: `${step} ${standard.name} burn`,
        step,
        metric: 'burnRate',
        longWindow: standard.longWindow,
        shortWindow: standard.shortWindow,
        threshold: standard.threshold,
        receivers: [{ url: `${receiver.base}/${step}/${standard.name}`, secret: SECRET }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      rules.set(`${step} ${standard.name}`, created.body as RuleView);
    }
  alerting = startAlerting(harness.deps, {
    clock: harness.time,
    scheduler: harness.time,
    intervalMs: 30_000,
  });
  await alerting.idle();
}, 300_000);

afterAll(async () => {
  await alerting?.stop();
  await receiver?.close();
  await harness?.close();
});

const settle = () => alerting.idle();
const at = (path: string) => receiver.received.filter((request) => request.path === path);
const state = async (key: string) =>
  ((await harness.api('GET', `/api/v1/alert-rules/${rules.get(key)!.id}`)).body as RuleView).state;

function verified(request: ReceivedRequest): { type: string; data: Record<string, unknown> } {
  const now = vi.spyOn(Date, 'now').mockReturnValue(Number(request.headers['webhook-timestamp']) * 1000);
  try {
    return new Webhook(SECRET).verify(request.body, request.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
  } finally {
    now.mockRestore();
  }
}

describe('burn-rate alerts', () => {
  it('the data burns as meant: create_order fast, payment_create slowly', () => {
    for (const s of STANDARD) {
      expect(burn('create_order', T0, s.longMs), s.name).toBeGreaterThan(s.threshold);
      expect(burn('create_order', T0, s.shortMs), s.name).toBeGreaterThan(s.threshold);
    }
    expect(burn('payment_create', T0, 3 * DAY)).toBeGreaterThan(1);
    expect(burn('payment_create', T0, 6 * HOUR)).toBeGreaterThan(1);
    expect(burn('payment_create', T0, 6 * HOUR)).toBeLessThan(6);
    expect(burn('payment_create', T0, 5 * MINUTE)).toBeLessThan(14.4);
  });

  it('a fast burn fires the 1h/5m page with a signed payload naming the SLO, both burn rates and the budget', async () => {
    expect(await state('create_order fast')).toBe('firing');
    const [request] = at('/create_order/fast');
    expect(at('/create_order/fast')).toHaveLength(1);
    const body = verified(request!);
    expect(body.type).toBe('alert.firing');
    const long = burn('create_order', T0, HOUR);
    const short = burn('create_order', T0, 5 * MINUTE);
    const all = sent.filter((s) => s.step === 'create_order' && s.startMs < T0);
    const budgetRemaining = 1 - all.filter((s) => !s.good).length / all.length / (1 - OBJECTIVE / 100);
    const slo = body.data.slo as {
      longWindow: { window: string; burnRate: number };
      shortWindow: { window: string; burnRate: number };
      budgetRemaining: number;
    };
    expect(body.data).toMatchObject({
      rule: { metric: 'burnRate', op: '>', window: '1h' },
      step: { id: 'create_order' },
      threshold: 14.4,
      slo: { step: 'create_order', objective: 99, latencyMs: 500, window: '28d' },
    });
    expect(slo.longWindow.window).toBe('1h');
    expect(slo.shortWindow.window).toBe('5m');
    expect(slo.longWindow.burnRate).toBeCloseTo(long, 10);
    expect(slo.shortWindow.burnRate).toBeCloseTo(short, 10);
    expect(slo.budgetRemaining).toBeCloseTo(budgetRemaining, 10);
    expect(body.data.value).toBeCloseTo(Math.min(long, short), 10);
    // Samples are spans that spent the budget, from the last minutes.
    const bad = new Set(sent.filter((s) => !s.good).map((s) => s.traceId));
    const samples = body.data.samples as { traceId: string }[];
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect(bad.has(sample.traceId)).toBe(true);
  });

  it('a slow burn fires only the 3d/6h ticket', async () => {
    expect(await state('payment_create slow')).toBe('firing');
    expect(await state('payment_create medium')).toBe('inactive');
    expect(await state('payment_create fast')).toBe('inactive');
    expect(at('/payment_create/fast')).toEqual([]);
    expect(at('/payment_create/medium')).toEqual([]);
    const body = verified(at('/payment_create/slow')[0]!);
    const slo = body.data.slo as { longWindow: { burnRate: number }; shortWindow: { burnRate: number } };
    expect(slo.longWindow.burnRate).toBeCloseTo(burn('payment_create', T0, 3 * DAY), 10);
    expect(slo.shortWindow.burnRate).toBeCloseTo(burn('payment_create', T0, 6 * HOUR), 10);
  });

  it('resolves the fast page when the short window recovers, while the long one still burns', async () => {
    // The test's model says when: the first tick whose 5-minute window burns at most 14.4.
    let tick = T0;
    while (burn('create_order', tick, 5 * MINUTE) > 14.4) tick += 30 * SECOND;
    expect(tick).toBeGreaterThan(T0);
    while (harness.time.now() < tick) {
      expect(await state('create_order fast')).toBe('firing');
      await harness.time.advance(30 * SECOND, settle);
    }
    expect(await state('create_order fast')).toBe('resolved');
    const requests = at('/create_order/fast');
    expect(requests).toHaveLength(2);
    const body = verified(requests[1]!);
    expect(body.type).toBe('alert.resolved');
    expect(body.data.endsAt).toBe(new Date(tick).toISOString());
    const slo = body.data.slo as { longWindow: { burnRate: number }; shortWindow: { burnRate: number } };
    expect(slo.shortWindow.burnRate).toBeCloseTo(burn('create_order', tick, 5 * MINUTE), 10);
    expect(slo.shortWindow.burnRate).toBeLessThanOrEqual(14.4);
    expect(slo.longWindow.burnRate).toBeGreaterThan(14.4);
    // The slow ticket keeps firing: its windows still burn.
    expect(await state('create_order slow')).toBe('firing');
  });
});
