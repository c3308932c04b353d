import { describe, expect, it } from 'vitest';
import {
  parseCount,
  parseDuration,
  parseFilters,
  parseGroupBy,
  parseRange,
  parseStep,
  rejectUnknown,
} from '../../src/analytics/params.ts';
import type { LinkDefinition } from '../../src/link/definition.ts';

const link: LinkDefinition = {
  name: 'l',
  journeyKey: [],
  dimensions: ['payment.channel', 'service.name'],
  steps: [
    { id: 'a', match: { span: 'a' } },
    { id: 'b', match: { span: 'b' } },
  ],
};

const refused = (action: () => unknown, name: string) =>
  expect(action).toThrow(
    expect.objectContaining({ status: 400, message: expect.stringContaining(`'${name}'`) }),
  );

describe('analytics parameters', () => {
  it('parses ranges in ISO-8601 or epoch ms, up to 31 days', () => {
    expect(parseRange({ from: '2026-01-01T00:00:00Z', to: '1767229200000' }, 0)).toEqual({
      from: 1_767_225_600_000,
      to: 1_767_229_200_000,
    });
    expect(parseRange({}, 10_000_000)).toEqual({ from: 6_400_000, to: 10_000_000 });
    refused(() => parseRange({ from: '0', to: String(32 * 86_400_000) }, 0), 'from');
    refused(() => parseRange({ from: ['1', '2'] }, 0), 'from');
  });

  it('takes dimension filters, repeated for several values', () => {
    expect(parseFilters({ 'payment.channel': ['alipay', 'card'], other: 'x' }, link)).toEqual({
      'payment.channel': ['alipay', 'card'],
    });
    refused(() => parseFilters({ 'service.name': 'x'.repeat(513) }, link), 'service.name');
  });

  it('groups by up to three distinct dimensions of the link', () => {
    expect(parseGroupBy('payment.channel,service.name', link)).toEqual(['payment.channel', 'service.name']);
    expect(parseGroupBy(undefined, link)).toEqual([]);
    refused(() => parseGroupBy('payment.method', link), 'groupBy');
    refused(() => parseGroupBy('service.name,service.name', link), 'groupBy');
  });

  it('checks steps, durations, counts and unknown names', () => {
    expect(parseStep('step', 'b', link)).toBe('b');
    refused(() => parseStep('step', 'c', link), 'step');
    refused(() => parseStep('after', undefined, link), 'after');
    expect(parseDuration('bucket', '5m', 1000, 86_400_000)).toBe(300_000);
    expect(parseDuration('graceMs', '1500', 0, 86_400_000)).toBe(1500);
    refused(() => parseDuration('bucket', '10', 1000, 86_400_000), 'bucket');
    expect(parseCount('limit', '25', 1, 1000)).toBe(25);
    refused(() => parseCount('limit', '25.5', 1, 1000), 'limit');
    refused(() => rejectUnknown({ from: '1', fromm: '2' }, ['from'], link), 'fromm');
    expect(() => rejectUnknown({ from: '1', 'payment.channel': 'x' }, ['from'], link)).not.toThrow();
  });
});
