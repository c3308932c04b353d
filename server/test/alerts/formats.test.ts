import { describe, expect, it } from 'vitest';
import { alertmanagerPayload, fingerprint, labelName } from '../../src/alerts/formats/alertmanager.ts';
import { genericPayload } from '../../src/alerts/formats/generic.ts';
import { FORMATTERS, formatFor } from '../../src/alerts/formats/registry.ts';
import { slackEscape, slackPayload } from '../../src/alerts/formats/slack.ts';
import type { Receiver } from '../../src/alerts/rule-types.ts';
import { firingNotification } from './notification-fixture.ts';

const context = { webhookId: 'msg_1', receiverName: 'oncall', publicUrl: 'https://paylens.test' };

describe('generic format', () => {
  it('wraps the notification as { type, timestamp, data }', () => {
    const firing = firingNotification();
    expect(genericPayload(firing)).toEqual({
      type: 'alert.firing',
      timestamp: '2026-01-01T12:00:00.000Z',
      data: firing,
    });
    const resolved = firingNotification({ state: 'resolved', endsAt: '2026-01-01T12:10:00.000Z' });
    expect(genericPayload(resolved)).toEqual({
      type: 'alert.resolved',
      timestamp: '2026-01-01T12:10:00.000Z',
      data: resolved,
    });
  });
});

describe('alertmanager format', () => {
  it('sends the version 4 webhook body with one alert', () => {
    const labels = {
      alertname: 'paypal p99',
      step: 'channel_pay',
      metric: 'p99',
      payment_channel: 'paypal',
      severity: 'page',
    };
    const annotations = {
      summary: 'PayPal is slow',
      value: '1834.26 ms',
      threshold: '> 1500 ms',
      window: '5m',
      sample_traces: 'https://paylens.test/traces/0af7651916cd43dd8448eb211c80319c',
    };
    expect(alertmanagerPayload(firingNotification(), context)).toEqual({
      version: '4',
      groupKey: '{}:{alertname="paypal p99"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'oncall',
      groupLabels: { alertname: 'paypal p99' },
      commonLabels: labels,
      commonAnnotations: annotations,
      externalURL: 'https://paylens.test',
      alerts: [
        {
          status: 'firing',
          labels,
          annotations,
          startsAt: '2026-01-01T12:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://paylens.test/alerts?rule=rul_1',
          fingerprint: fingerprint(labels),
        },
      ],
    });
  });

  it('carries endsAt once resolved, and rates as percentages', () => {
    const resolved = firingNotification({
      state: 'resolved',
      endsAt: '2026-01-01T12:10:00.000Z',
      value: 0.0125,
      threshold: 0.05,
      samples: [],
      rule: { ...firingNotification().rule, metric: 'timeout_rate' },
    });
    const payload = alertmanagerPayload(resolved, context);
    expect(payload.status).toBe('resolved');
    expect(payload.alerts[0]!.endsAt).toBe('2026-01-01T12:10:00.000Z');
    expect(payload.alerts[0]!.annotations).toEqual({
      summary: 'PayPal is slow',
      value: '1.25%',
      threshold: '> 5%',
      window: '5m',
    });
  });

  it('makes dimension names valid label names and fingerprints label sets stably', () => {
    expect([labelName('payment.channel'), labelName('http/route'), labelName('9lives')]).toEqual([
      'payment_channel',
      'http_route',
      '_9lives',
    ]);
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1', b: '2' })).not.toBe(fingerprint({ a: '1', b: '3' }));
    expect(fingerprint({ a: '1' })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('slack format', () => {
  it('sends a text fallback and blocks with the value, threshold, dimensions and trace links', () => {
    expect(slackPayload(firingNotification())).toEqual({
      text: 'FIRING: paypal p99: channel_pay p99 1834.26 ms > 1500 ms (payment.channel=paypal)',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':red_circle: FIRING: *<https://paylens.test/alerts?rule=rul_1|paypal p99>*',
          },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Step*\nChannel gateway (`channel_pay`)' },
            { type: 'mrkdwn', text: '*p99 over 5m*\n1834.26 ms' },
            { type: 'mrkdwn', text: '*Threshold*\n&gt; 1500 ms' },
            { type: 'mrkdwn', text: '*Since*\n2026-01-01T12:00:00.000Z' },
            { type: 'mrkdwn', text: '*payment.channel*\npaypal' },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: 'PayPal is slow' } },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Sample traces: <https://paylens.test/traces/0af7651916cd43dd8448eb211c80319c|0af7651916cd>',
            },
          ],
        },
      ],
    });
  });

  it('escapes mrkdwn control characters', () => {
    expect(slackEscape('<a> & <b>')).toBe('&lt;a&gt; &amp; &lt;b&gt;');
    const resolved = slackPayload(
      firingNotification({ state: 'resolved', endsAt: '2026-01-01T12:10:00.000Z', samples: [] }),
    );
    expect(resolved.text.startsWith('RESOLVED: ')).toBe(true);
    expect(resolved.blocks).toHaveLength(3);
  });
});

describe('format registry', () => {
  const receiver: Receiver = { url: 'https://hooks.test/x', format: 'generic', headers: {} };

  it('has one formatter per format, each producing JSON', () => {
    expect(Object.keys(FORMATTERS).sort()).toEqual(['alertmanager', 'generic', 'slack']);
    for (const format of ['generic', 'alertmanager', 'slack'] as const) {
      const formatted = formatFor({ ...receiver, format }, firingNotification(), context);
      expect(formatted.contentType).toBe('application/json');
      expect(() => JSON.parse(formatted.body)).not.toThrow();
    }
  });

  it('renders a template over the generic payload instead of the format', () => {
    const templated = formatFor(
      {
        ...receiver,
        format: 'slack',
        template: '{"msg":"{{type}} {{rule.name}} {{dimensions.payment.channel}}","v":{{json value}}}',
      },
      firingNotification(),
      context,
    );
    expect(JSON.parse(templated.body)).toEqual({ msg: 'alert.firing paypal p99 paypal', v: 1834.256 });
    const text = formatFor(
      { ...receiver, headers: { 'Content-Type': 'text/plain' }, template: '{{state}}: "{{rule.name}}"' },
      firingNotification(),
      context,
    );
    expect(text).toEqual({ body: 'firing: "paypal p99"', contentType: 'text/plain' });
  });
});
