import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESS_POLICY } from '../../src/alerts/address-guard.ts';
import { formatRuleDuration, parseRuleDuration } from '../../src/alerts/duration.ts';
import { alertRuleSchema, describeIssues } from '../../src/alerts/rule-schema.ts';

const link = {
  steps: [
    { id: 'create_order', match: { span: 'x' } },
    { id: 'channel_pay', match: { span: 'y' } },
  ],
  dimensions: ['payment.channel', 'service.name'],
};
const schema = alertRuleSchema(link, DEFAULT_ADDRESS_POLICY);

const valid = {
  name: 'paypal p99',
  step: 'channel_pay',
  metric: 'p99',
  op: '>',
  threshold: 1500,
  window: '5m',
  for: '1m',
  filters: { 'payment.channel': 'paypal' },
  groupBy: ['payment.channel'],
  labels: { severity: 'page' },
  annotations: { summary: '…' },
  receivers: [
    { url: 'https://hooks.example.com/x', format: 'generic', secret: `whsec_${'A'.repeat(32)}`, headers: {} },
  ],
};

function problems(rule: unknown): string {
  const result = schema.safeParse(rule);
  if (result.success) return 'valid';
  return describeIssues(result.error);
}

describe('durations', () => {
  it('parses and formats rule durations', () => {
    expect(['250ms', '30s', '5m', '2h', '1d', '0s'].map(parseRuleDuration)).toEqual([
      250, 30_000, 300_000, 7_200_000, 86_400_000, 0,
    ]);
    expect(['-5m', '5', '5 minutes', '1.5m', ''].map(parseRuleDuration)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([300_000, 90_000, 3_600_000, 1500].map(formatRuleDuration)).toEqual(['5m', '90s', '1h', '1500ms']);
  });
});

describe('alertRuleSchema', () => {
  it('accepts the DESIGN.md example and fills defaults', () => {
    const parsed = schema.parse({
      ...valid,
      for: undefined,
      labels: undefined,
      receivers: [{ url: 'http://127.0.0.1:9/hook' }],
    });
    expect(parsed).toEqual({
      ...valid,
      for: '0s',
      labels: {},
      minCount: 0,
      enabled: true,
      receivers: [{ url: 'http://127.0.0.1:9/hook', format: 'generic', headers: {} }],
    });
  });

  it('names the field of each bad value', () => {
    expect(problems({ ...valid, step: 'nope' })).toBe(
      'step: must be a step of the link (create_order, channel_pay)',
    );
    expect(problems({ ...valid, window: '-5m' })).toBe('window: must be a duration like 30s, 5m or 1h');
    expect(problems({ ...valid, window: '1s' })).toBe('window: must be between 10000 ms and 168 h');
    expect(problems({ ...valid, threshold: 'NaN' })).toMatch(/^threshold: /);
    expect(problems({ ...valid, threshold: null })).toMatch(/^threshold: /);
    expect(problems({ ...valid, metric: 'p42' })).toMatch(/^metric: /);
    expect(problems({ ...valid, op: '==' })).toMatch(/^op: /);
    expect(problems({ ...valid, receivers: [{ url: 'ftp://hooks.example.com/x' }] })).toBe(
      'receivers.0.url: must use http or https, not ftp',
    );
    expect(problems({ ...valid, receivers: [{ url: 'http://169.254.169.254/latest/meta-data' }] })).toBe(
      'receivers.0.url: refused: 169.254.169.254 is a link-local or cloud metadata address',
    );
    expect(problems({ ...valid, receivers: [{ url: 'http://[fe80::1]/' }] })).toMatch(
      /^receivers\.0\.url: refused/,
    );
    expect(problems({ ...valid, receivers: [{ url: 'http://metadata.google.internal/' }] })).toMatch(
      /^receivers\.0\.url: refused/,
    );
    expect(problems({ ...valid, receivers: [{ url: 'http://user:pw@hooks.example.com/' }] })).toBe(
      'receivers.0.url: must not carry credentials; use headers',
    );
    expect(problems({ ...valid, receivers: [{ url: 'not a url' }] })).toBe(
      'receivers.0.url: must be an absolute http(s) URL',
    );
    expect(problems({ ...valid, receivers: [{ url: 'https://h.example/', secret: 'abc' }] })).toMatch(
      /^receivers\.0\.secret: /,
    );
    expect(problems({ ...valid, receivers: [{ url: 'https://h.example/', secret: 'whsec_AAAA' }] })).toBe(
      'receivers.0.secret: must decode to 24 to 64 bytes (Standard Webhooks)',
    );
    expect(
      problems({ ...valid, receivers: [{ url: 'https://h.example/', headers: { 'webhook-id': 'x' } }] }),
    ).toBe('receivers.0.headers.webhook-id: is set by paylens itself');
    expect(
      problems({ ...valid, receivers: [{ url: 'https://h.example/', template: '{{ a | b }}' }] }),
    ).toMatch(/^receivers\.0\.template: /);
    expect(problems({ ...valid, labels: { 'bad-name': 'x' } })).toBe(
      'labels.bad-name: must be a Prometheus label name',
    );
    expect(problems({ ...valid, filters: { 'a b': 'x' } })).toBe(
      'filters.a b: must be an attribute key (letters, digits, _ . : / -)',
    );
    expect(problems({ ...valid, groupBy: ['a b'] })).toMatch(/^groupBy\.0: must be an attribute key/);
    expect(problems({ ...valid, groupBy: ['http.route'] })).toBe(
      'groupBy.0: must be a dimension of the link (payment.channel, service.name)',
    );
    expect(problems({ ...valid, filters: { region: 'eu' } })).toBe(
      'filters.region: must be a dimension of the link (payment.channel, service.name)',
    );
  });

  it('checks thresholds against the metric and the hysteresis direction', () => {
    expect(problems({ ...valid, metric: 'timeout_rate', threshold: 5 })).toBe(
      'threshold: timeout_rate is a fraction: between 0 and 1',
    );
    expect(problems({ ...valid, threshold: -1 })).toBe('threshold: must not be negative');
    expect(problems({ ...valid, resolveThreshold: 1600 })).toBe(
      'resolveThreshold: must be at or below the threshold (hysteresis)',
    );
    expect(problems({ ...valid, metric: 'conversion', op: '<', threshold: 0.9, resolveThreshold: 0.8 })).toBe(
      'resolveThreshold: must be at or above the threshold (hysteresis)',
    );
    expect(problems({ ...valid, resolveThreshold: 1200 })).toBe('valid');
  });

  it('lets the allow-list or allowPrivate through', () => {
    const open = alertRuleSchema(link, { allowPrivate: true, allow: [] });
    expect(open.safeParse({ ...valid, receivers: [{ url: 'http://169.254.169.254/' }] }).success).toBe(true);
  });
});
