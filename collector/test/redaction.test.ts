import type { LogRow } from '@paylens/store';
import { describe, expect, it } from 'vitest';
import { createRedactor, DEFAULT_REDACTION, MASK } from '../src/redaction.ts';

function log(body: string, attributes: Record<string, string>): LogRow {
  return {
    Timestamp: '1',
    TraceId: '',
    SpanId: '',
    TraceFlags: 0,
    SeverityText: '',
    SeverityNumber: 9,
    ServiceName: 's',
    Body: body,
    ResourceSchemaUrl: '',
    ResourceAttributes: {},
    ScopeSchemaUrl: '',
    ScopeName: '',
    ScopeVersion: '',
    ScopeAttributes: {},
    LogAttributes: attributes,
  };
}

describe('redaction', () => {
  const redactor = createRedactor(DEFAULT_REDACTION);

  it('masks Luhn-valid card numbers but leaves other digit runs (order ids) alone', () => {
    // 4111 1111 1111 1111 is the classic Luhn-valid test card; 4111 1111 1111 1112 is not valid.
    const row = log('paid with 4111 1111 1111 1111, order 4111111111111112', {});
    redactor.logs([row]);
    expect(row.Body).toBe(`paid with ${MASK}, order 4111111111111112`);
  });

  it('masks e-mail addresses and phone numbers inside values', () => {
    const row = log('notify alice@example.com at +86 138 0013 8000', { 'user.contact': 'bob@example.org' });
    redactor.logs([row]);
    expect(row.Body).toBe(`notify ${MASK} at ${MASK}`);
    expect(row.LogAttributes['user.contact']).toBe(MASK);
  });

  it('masks configured keys whole, case-insensitively', () => {
    const row = log('x', { 'db.Password': 'hunter2', 'card.number': '4111', 'payment.channel': 'alipay' });
    redactor.logs([row]);
    expect(row.LogAttributes).toEqual({
      'db.Password': MASK,
      'card.number': MASK,
      'payment.channel': 'alipay',
    });
  });

  it('can be turned off per pattern', () => {
    const row = log('alice@example.com', {});
    createRedactor({ ...DEFAULT_REDACTION, emails: false }).logs([row]);
    expect(row.Body).toBe('alice@example.com');
  });
});
