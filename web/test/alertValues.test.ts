import { describe, expect, it } from 'vitest';
import {
  describeCondition,
  describeTestDelivery,
  formatDimensions,
  formatMetricValue,
  isFractionMetric,
} from '../src/alerts/metricValue.ts';

describe('alert values', () => {
  it('reads rates as percentages, latencies as durations, counts as numbers', () => {
    expect(isFractionMetric('timeout_rate')).toBe(true);
    expect(isFractionMetric('p99')).toBe(false);
    expect(formatMetricValue('timeout_rate', 0.0525)).toBe('5.25%');
    expect(formatMetricValue('conversion', 0.9)).toBe('90%');
    expect(formatMetricValue('p99', 1500)).toBe('1.5 s');
    expect(formatMetricValue('count', 42)).toBe('42');
    expect(formatMetricValue('violations', 3)).toBe('3');
    expect(formatMetricValue('p99', null)).toBe('—');
  });

  it('describes conditions, dimensions and test deliveries', () => {
    expect(describeCondition({ step: 'channel_pay', metric: 'p99', op: '>', threshold: 1500 })).toBe(
      'channel_pay p99 > 1.5 s',
    );
    expect(
      describeCondition({
        step: 'channel_pay',
        check: 'double_charge',
        metric: 'violations',
        op: '>',
        threshold: 0,
      }),
    ).toBe('double_charge violations > 0');
    expect(formatDimensions({ 'payment.channel': 'paypal', env: 'prod' })).toBe(
      'payment.channel=paypal, env=prod',
    );
    expect(formatDimensions({})).toBe('—');
    expect(
      describeTestDelivery({
        receiver: 'hooks',
        ok: true,
        outcome: 'delivered',
        statusCode: 200,
        durationMs: 12.4,
      }),
    ).toBe('hooks: delivered (200, 12 ms)');
    expect(
      describeTestDelivery({
        receiver: 'hooks',
        ok: false,
        outcome: 'refused',
        statusCode: 0,
        error: 'private address',
      }),
    ).toBe('hooks: refused — private address');
  });
});
