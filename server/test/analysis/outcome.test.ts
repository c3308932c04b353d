import { describe, expect, it } from 'vitest';
import { budgetNs, classifyOutcome, type Outcome, type OutcomeSpan } from '../../src/analysis/outcome.ts';

function span(fields: Partial<OutcomeSpan>): OutcomeSpan {
  return { statusCode: 'Unset', durationNs: '1000000', attributes: {}, ...fields };
}

const ok: Outcome = { error: false, timeout: false, cancelled: false };
const error: Outcome = { error: true, timeout: false, cancelled: false };
const errorTimeout: Outcome = { error: true, timeout: true, cancelled: false };
const slow: Outcome = { error: false, timeout: true, cancelled: false };

describe('classifyOutcome', () => {
  it.each<[string, OutcomeSpan, number | undefined, Outcome]>([
    ['ok span', span({ statusCode: 'Ok' }), 800, ok],
    ['Error', span({ statusCode: 'Error' }), undefined, error],
    ['STATUS_CODE_ERROR', span({ statusCode: 'STATUS_CODE_ERROR' }), undefined, error],
    [
      'error.type timeout',
      span({ statusCode: 'Error', attributes: { 'error.type': 'timeout' } }),
      800,
      errorTimeout,
    ],
    [
      'DEADLINE_EXCEEDED',
      span({ statusCode: 'Error', attributes: { 'error.type': 'DEADLINE_EXCEEDED' } }),
      800,
      errorTimeout,
    ],
    [
      '*Timeout*',
      span({ statusCode: 'Error', attributes: { 'error.type': 'java.net.SocketTimeoutException' } }),
      800,
      errorTimeout,
    ],
    [
      'ETIMEDOUT',
      span({ statusCode: 'Error', attributes: { 'error.type': 'ETIMEDOUT' } }),
      800,
      errorTimeout,
    ],
    [
      'timeout type without Error status',
      span({ statusCode: 'Ok', attributes: { 'error.type': 'timeout' } }),
      800,
      ok,
    ],
    ['other error type', span({ statusCode: 'Error', attributes: { 'error.type': '500' } }), 800, error],
    ['HTTP 504', span({ attributes: { 'http.response.status_code': '504' } }), 800, slow],
    [
      'HTTP 408 (old attribute)',
      span({ statusCode: 'Error', attributes: { 'http.status_code': '408' } }),
      800,
      errorTimeout,
    ],
    [
      'HTTP 500 is no timeout',
      span({ statusCode: 'Error', attributes: { 'http.response.status_code': '500' } }),
      800,
      error,
    ],
    [
      'gRPC DEADLINE_EXCEEDED',
      span({ statusCode: 'Error', attributes: { 'rpc.grpc.status_code': '4' } }),
      800,
      errorTimeout,
    ],
    [
      'exception event naming a timeout',
      span({ statusCode: 'Error', events: [{ attributes: { 'exception.type': 'TimeoutError' } }] }),
      800,
      errorTimeout,
    ],
    [
      'exception event of another type',
      span({ events: [{ attributes: { 'exception.type': 'ValueError' } }] }),
      800,
      ok,
    ],
    ['duration at the budget', span({ durationNs: '800000000' }), 800, slow],
    ['duration just under the budget', span({ durationNs: '799999999' }), 800, ok],
    ['long duration without a budget', span({ durationNs: '99000000000' }), undefined, ok],
    ['fractional budget', span({ durationNs: 300_000n }), 0.3, slow],
  ])('%s', (_name, input, timeoutMs, expected) => {
    expect(classifyOutcome(input, timeoutMs)).toEqual(expected);
  });

  it.each([
    ['cancelled', { 'error.type': 'cancelled' }],
    ['CANCELLED', { 'error.type': 'CANCELLED' }],
    ['AbortError', { 'error.type': 'AbortError' }],
    ['CancellationException', { 'error.type': 'java.util.concurrent.CancellationException' }],
    ['gRPC CANCELLED', { 'rpc.grpc.status_code': '1', 'http.response.status_code': '504' }],
  ])('caller-cancelled (%s) is never a timeout, even past the budget', (_name, attributes) => {
    const input = span({ statusCode: 'Error', durationNs: '5000000000', attributes });
    expect(classifyOutcome(input, 800)).toEqual({ error: true, timeout: false, cancelled: true });
  });

  it('turns budgets into whole nanoseconds', () => {
    expect(budgetNs(800)).toBe(800_000_000);
    expect(budgetNs(0.3)).toBe(300_000);
    expect(budgetNs(undefined)).toBe(0);
  });
});
