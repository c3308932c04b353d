import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../src/alerts/build-notification.ts';
import { eventIdOf, groupKeyOf, receiverKeyOf, webhookIdOf } from '../../src/alerts/ids.ts';
import { planJourneyMetrics, planSpanMetrics } from '../../src/alerts/metric-plan.ts';
import { outboxEntries } from '../../src/alerts/outbox-entries.ts';
import { planRetired, planRule } from '../../src/alerts/plan-rule.ts';
import type { AlertRule } from '../../src/alerts/rule-types.ts';
import { INITIAL_STATE } from '../../src/alerts/state-machine.ts';
import type { StoredAlertState } from '../../src/alerts/state-repository.ts';

const rule: AlertRule = {
  id: 'rul_1',
  version: 2,
  name: 'slow channel',
  step: 'channel_pay',
  metric: 'p99',
  op: '>',
  threshold: 1000,
  window: '5m',
  windowMs: 300_000,
  for: '0s',
  forMs: 0,
  minCount: 10,
  filters: { 'deployment.environment.name': 'prod' },
  groupBy: ['payment.channel'],
  labels: {},
  annotations: {},
  receivers: [
    { url: 'https://a.example/hook', format: 'generic', headers: { 'X-A': '1' }, secret: 'whsec_x' },
    { url: 'https://b.example/hook', format: 'slack', headers: {}, name: 'team-b' },
  ],
  enabled: true,
  createdAt: '',
  updatedAt: '',
};

const paypal = groupKeyOf(['payment.channel'], { 'payment.channel': 'paypal' });

function stored(groupKey: string, state: Partial<StoredAlertState>): StoredAlertState {
  return {
    ...INITIAL_STATE,
    ruleId: rule.id,
    groupKey,
    version: 3,
    evaluatedMs: 0,
    pendingEvent: null,
    enqueued: true,
    ...state,
  };
}

describe('planRule', () => {
  it('fires groups that break the rule and skips quiet groups nobody knew', () => {
    const plans = planRule(
      rule,
      [
        { dimensions: { 'payment.channel': 'paypal' }, count: 50, value: 1500 },
        { dimensions: { 'payment.channel': 'alipay' }, count: 50, value: 200 },
      ],
      [],
      1000,
    );
    expect(plans).toEqual([
      {
        groupKey: paypal,
        dimensions: { 'payment.channel': 'paypal' },
        previous: undefined,
        next: {
          state: 'firing',
          seq: 1,
          activeSinceMs: 1000,
          firingSinceMs: 1000,
          resolvedAtMs: null,
          value: 1500,
        },
        notify: 'firing',
      },
    ]);
  });

  it('treats fewer spans than minCount as no data, and resolves a firing group that went silent', () => {
    const firing = stored(paypal, {
      state: 'firing',
      seq: 1,
      activeSinceMs: 0,
      firingSinceMs: 0,
      value: 1500,
    });
    const thin = planRule(
      rule,
      [{ dimensions: { 'payment.channel': 'paypal' }, count: 9, value: 5000 }],
      [firing],
      30_000,
    );
    expect(thin.map((p) => [p.next.state, p.notify, p.next.value])).toEqual([['resolved', 'resolved', null]]);
    const gone = planRule(rule, [], [firing], 30_000);
    expect(gone.map((p) => [p.groupKey, p.dimensions, p.next.state, p.notify])).toEqual([
      [paypal, { 'payment.channel': 'paypal' }, 'resolved', 'resolved'],
    ]);
  });

  it('reads a missing count as 0, so "count < n" rules notice silence', () => {
    const countRule: AlertRule = {
      ...rule,
      metric: 'count',
      op: '<',
      threshold: 5,
      minCount: 0,
      groupBy: [],
    };
    const plans = planRule(countRule, [], [], 0);
    expect(plans.map((p) => [p.groupKey, p.next.value, p.notify])).toEqual([['', 0, 'firing']]);
  });

  it('refreshes the value of a pending or firing alert without moving it', () => {
    const pendingRule = { ...rule, forMs: 60_000 };
    const pending = stored(paypal, { state: 'pending', seq: 1, activeSinceMs: 0, value: 1500 });
    const plans = planRule(
      pendingRule,
      [{ dimensions: { 'payment.channel': 'paypal' }, count: 50, value: 1700 }],
      [pending],
      30_000,
    );
    expect(plans.map((p) => [p.next.state, p.next.seq, p.next.value, p.notify])).toEqual([
      ['pending', 1, 1700, undefined],
    ]);
  });
});

describe('buildNotification and outboxEntries', () => {
  it('names the transition deterministically and addresses each receiver with its own webhook-id', () => {
    const state = {
      state: 'firing' as const,
      seq: 4,
      activeSinceMs: 0,
      firingSinceMs: 60_000,
      resolvedAtMs: null,
      value: 1500,
    };
    const notification = buildNotification({
      rule,
      link: { steps: [{ id: 'channel_pay', title: 'Channel gateway', match: { span: 'x' } }] },
      groupKey: paypal,
      dimensions: { 'payment.channel': 'paypal' },
      state,
      notify: 'firing',
      sampleTraceIds: ['t1'],
      publicUrl: 'https://paylens.test/',
    });
    expect(notification).toMatchObject({
      eventId: eventIdOf('rul_1', paypal, 4),
      dimensions: { 'deployment.environment.name': 'prod', 'payment.channel': 'paypal' },
      startsAt: '1970-01-01T00:01:00.000Z',
      endsAt: null,
      samples: [{ traceId: 't1', url: 'https://paylens.test/traces/t1' }],
      url: 'https://paylens.test/alerts?rule=rul_1',
    });
    const keyB = receiverKeyOf('rul_1', 'https://b.example/hook');
    const entries = outboxEntries({
      rule,
      notification,
      atMs: 60_000,
      nowMs: 61_000,
      publicUrl: 'https://paylens.test',
      disabledReceivers: new Map([[keyB, '410']]),
    });
    const keyA = receiverKeyOf('rul_1', 'https://a.example/hook');
    expect(
      entries.map((e) => [e.receiverKey, e.webhookId, e.seq, e.receiverName, e.secret, e.status, e.version]),
    ).toEqual([
      [keyA, webhookIdOf(notification.eventId, keyA), 60_000, 'a.example', 'whsec_x', 'pending', 1],
    ]);
    expect(JSON.parse(entries[0]!.body).data.eventId).toBe(notification.eventId);
    expect(eventIdOf('rul_1', paypal, 4)).toBe(eventIdOf('rul_1', paypal, 4));
    expect(eventIdOf('rul_1', paypal, 5)).not.toBe(eventIdOf('rul_1', paypal, 4));
  });
});

describe('metric plans', () => {
  const base = { filters: {}, groupBy: [] as string[] };
  const requests = [
    { ...base, step: 'a', metric: 'p99' as const, windowMs: 60_000 },
    { ...base, step: 'b', metric: 'error_rate' as const, windowMs: 60_000 },
    { ...base, step: 'a', metric: 'timeout_rate' as const, windowMs: 300_000 },
    { ...base, step: 'c', metric: 'conversion' as const, windowMs: 300_000, groupBy: ['channel'] },
    {
      step: 'a',
      metric: 'count' as const,
      windowMs: 60_000,
      filters: { env: 'prod', channel: 'x' },
      groupBy: [],
    },
    { step: 'c', metric: 'p50' as const, windowMs: 60_000, filters: { channel: 'y' }, groupBy: ['env'] },
    { step: 'b', metric: 'conversion' as const, windowMs: 60_000, filters: { env: 'prod' }, groupBy: [] },
  ];

  it('answers every span metric from one scan: windows as conditional aggregates, filters as grouping dimensions', () => {
    expect(planSpanMetrics(requests)).toEqual([
      {
        steps: ['a', 'b', 'c'],
        dims: ['env', 'channel'],
        groupings: [[], ['env', 'channel']],
        windows: [
          { windowMs: 60_000, quantiles: true, errors: true, timeouts: false },
          { windowMs: 300_000, quantiles: false, errors: false, timeouts: true },
        ],
        members: [
          { request: 0, window: 0, grouping: 0 },
          { request: 1, window: 0, grouping: 0 },
          { request: 2, window: 1, grouping: 0 },
          { request: 4, window: 0, grouping: 1 },
          { request: 5, window: 0, grouping: 1 },
        ],
      },
    ]);
  });

  it('answers every conversion rule from one journey pass, the first step always at bit 0', () => {
    expect(planJourneyMetrics(requests, 'start')).toEqual([
      {
        steps: ['start', 'c', 'b'],
        windowsMs: [300_000, 60_000],
        dims: ['channel', 'env'],
        members: [
          { request: 3, window: 0 },
          { request: 6, window: 1 },
        ],
      },
    ]);
    expect(
      planJourneyMetrics(
        requests.filter((r) => r.metric !== 'conversion'),
        'start',
      ),
    ).toEqual([]);
  });

  it('splits a journey pass when steps × windows outgrow a 64-bit mask', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...base,
      step: `s${i % 10}`,
      metric: 'conversion' as const,
      windowMs: 60_000 * (1 + Math.floor(i / 5)),
    }));
    const plans = planJourneyMetrics(many, 'start');
    expect(plans.length).toBeGreaterThan(1);
    for (const plan of plans) expect(plan.steps.length * plan.windowsMs.length).toBeLessThanOrEqual(64);
    expect(plans.flatMap((plan) => plan.members.map((m) => m.request)).sort((a, b) => a - b)).toEqual(
      many.map((_, i) => i),
    );
  });
});

describe('planRetired', () => {
  it('resolves firing alerts (notified), returns pending ones to inactive, leaves the rest', () => {
    const alipay = groupKeyOf(['payment.channel'], { 'payment.channel': 'alipay' });
    const wechat = groupKeyOf(['payment.channel'], { 'payment.channel': 'wechat' });
    const states = [
      stored(paypal, { state: 'firing', seq: 4, activeSinceMs: 100, firingSinceMs: 200, value: 1500 }),
      stored(alipay, { state: 'pending', seq: 1, activeSinceMs: 300, value: 1200 }),
      stored(wechat, { state: 'resolved', seq: 2, resolvedAtMs: 50 }),
    ];
    // A count rule below its threshold would read "no data" as 0 and stay firing: retiring ignores that.
    const plans = planRetired(
      { ...rule, metric: 'count', op: '<', threshold: 5, minCount: 0 },
      states,
      9_000,
    );
    expect(plans.map((p) => [p.dimensions['payment.channel'], p.next.state, p.notify, p.next.seq])).toEqual([
      ['alipay', 'inactive', undefined, 2],
      ['paypal', 'resolved', 'resolved', 5],
    ]);
    expect(plans[1]!.next.resolvedAtMs).toBe(9_000);
    expect(plans[1]!.previous).toBe(states[0]);
  });
});
