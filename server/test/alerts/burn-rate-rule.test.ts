import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESS_POLICY } from '../../src/alerts/address-guard.ts';
import { alertRuleSchema, describeIssues } from '../../src/alerts/rule-schema.ts';

const link = {
  steps: [
    { id: 'create_order', match: { span: 'x' }, slo: { objective: 99.5, window: '28d' } },
    { id: 'channel_pay', match: { span: 'y' } },
  ],
  dimensions: ['payment.channel'],
};
const schema = alertRuleSchema(link, DEFAULT_ADDRESS_POLICY);
const page = {
  name: 'fast burn',
  step: 'create_order',
  metric: 'burnRate',
  longWindow: '1h',
  shortWindow: '5m',
  threshold: 14.4,
};

function problems(rule: unknown): string {
  const result = schema.safeParse(rule);
  return result.success ? 'valid' : describeIssues(result.error);
}

describe('burnRate rules', () => {
  it('take longWindow, shortWindow and threshold; op is > and window the long one', () => {
    const result = schema.safeParse(page);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      op: '>',
      window: '1h',
      longWindow: '1h',
      shortWindow: '5m',
      threshold: 14.4,
    });
    expect(problems({ ...page, op: '>=', window: '60m' })).toBe('valid');
  });

  it.each([
    [{ step: 'channel_pay' }, 'step: must be a step with an SLO for burnRate (create_order)'],
    [{ longWindow: undefined }, 'longWindow: is required for burnRate'],
    [{ shortWindow: '2h' }, 'shortWindow: must be shorter than longWindow'],
    [{ longWindow: '7d', shortWindow: '1h' }, 'valid'],
    [{ op: '<' }, "op: must be '>' or '>=' for burnRate"],
    [{ window: '5m' }, 'window: is longWindow for burnRate (leave it out)'],
    [{ threshold: 0 }, 'threshold: must be above 0 for burnRate'],
    [{ groupBy: ['payment.channel'] }, 'groupBy: an SLO covers its whole step: no groupBy for burnRate'],
    [
      { filters: { 'payment.channel': 'card' } },
      'filters: an SLO covers its whole step: no filters for burnRate',
    ],
  ])('%j → %s', (change, message) => {
    expect(problems({ ...page, ...change })).toBe(message);
  });

  it('keeps op and window required for other metrics, and the windows only for burnRate', () => {
    const p99 = { name: 'p99', step: 'channel_pay', metric: 'p99', threshold: 100 };
    expect(problems(p99)).toBe('op: is required; window: is required');
    expect(problems({ ...p99, op: '>', window: '5m', longWindow: '1h' })).toBe(
      'longWindow: is only for metric burnRate',
    );
  });
});
