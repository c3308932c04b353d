import type { AlertNotification } from '../../src/alerts/notification.ts';

/** A firing p99 alert on paypal, as the evaluator would describe it. */
export function firingNotification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    eventId: 'evt_1',
    state: 'firing',
    rule: {
      id: 'rul_1',
      name: 'paypal p99',
      version: 3,
      metric: 'p99',
      op: '>',
      window: '5m',
      for: '1m',
      labels: { severity: 'page' },
      annotations: { summary: 'PayPal is slow' },
    },
    step: { id: 'channel_pay', title: 'Channel gateway' },
    dimensions: { 'payment.channel': 'paypal' },
    value: 1834.256,
    threshold: 1500,
    windowMs: 300_000,
    startsAt: '2026-01-01T12:00:00.000Z',
    endsAt: null,
    samples: [
      {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        url: 'https://paylens.test/traces/0af7651916cd43dd8448eb211c80319c',
      },
    ],
    url: 'https://paylens.test/alerts?rule=rul_1',
    ...overrides,
  };
}
