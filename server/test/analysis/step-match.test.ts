import { describe, expect, it } from 'vitest';
import type { LinkDefinition } from '../../src/link/definition.ts';
import { classifyStep, globToRegExp, type MatchableSpan, normalizeKind } from '../../src/link/match.ts';
import { globToLike, stepSql } from '../../src/link/step-sql.ts';

const link: Pick<LinkDefinition, 'steps'> = {
  steps: [
    { id: 'create_order', match: { service: 'order-svc', span: 'POST /orders*' } },
    { id: 'risk_check', match: { span: 'risk.*' } },
    { id: 'channel_pay', match: { kind: 'client', attributes: { 'payment.channel': '*' } } },
    { id: 'callback', match: { span: 'POST /callbacks/?' } },
  ],
};

function span(fields: Partial<MatchableSpan>): MatchableSpan {
  return { serviceName: 'svc', spanName: 'x', spanKind: 'Internal', attributes: {}, ...fields };
}

describe('classifyStep', () => {
  it.each([
    [
      'service and span glob',
      span({ serviceName: 'order-svc', spanName: 'POST /orders/42' }),
      'create_order',
    ],
    [
      'glob * matches the empty rest',
      span({ serviceName: 'order-svc', spanName: 'POST /orders' }),
      'create_order',
    ],
    ['service must equal', span({ serviceName: 'order-svc2', spanName: 'POST /orders' }), undefined],
    ['glob is case-sensitive', span({ serviceName: 'order-svc', spanName: 'post /orders' }), undefined],
    ['. is literal', span({ spanName: 'riskXcheck' }), undefined],
    ['first matching step wins', span({ spanName: 'risk.score', spanKind: 'Client' }), 'risk_check'],
    ['kind Client', span({ spanKind: 'Client', attributes: { 'payment.channel': 'alipay' } }), 'channel_pay'],
    [
      'kind SPAN_KIND_CLIENT',
      span({ spanKind: 'SPAN_KIND_CLIENT', attributes: { 'payment.channel': 'x' } }),
      'channel_pay',
    ],
    ['kind mismatch', span({ spanKind: 'Server', attributes: { 'payment.channel': 'x' } }), undefined],
    [
      'attribute from resource',
      span({ spanKind: 'client', resourceAttributes: { 'payment.channel': 'x' } }),
      'channel_pay',
    ],
    [
      'empty attribute is absent',
      span({ spanKind: 'Client', attributes: { 'payment.channel': '' } }),
      undefined,
    ],
    [
      'empty span attribute falls back to resource',
      span({
        spanKind: 'Client',
        attributes: { 'payment.channel': '' },
        resourceAttributes: { 'payment.channel': 'c' },
      }),
      'channel_pay',
    ],
    ['missing attribute', span({ spanKind: 'Client' }), undefined],
    ['? is one character', span({ spanName: 'POST /callbacks/a' }), 'callback'],
    ['? is one code point', span({ spanName: 'POST /callbacks/é' }), 'callback'],
    ['? is not two', span({ spanName: 'POST /callbacks/ab' }), undefined],
    ['? is not zero', span({ spanName: 'POST /callbacks/' }), undefined],
  ])('%s', (_name, input, expected) => {
    expect(classifyStep(input, link)).toBe(expected);
  });
});

describe('globs', () => {
  it('treats regex and LIKE metacharacters literally', () => {
    expect(globToRegExp('a.b(c)[d]+$^|\\%_').test('a.b(c)[d]+$^|\\%_')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('a*z').test('a\nz')).toBe(true);
  });

  it('escapes LIKE wildcards and backslashes', () => {
    expect(globToLike('50%_off\\*?')).toBe('50\\%\\_off\\\\%_');
  });

  it('normalises both kind spellings, ASCII letters only', () => {
    expect(normalizeKind('SPAN_KIND_CLIENT')).toBe('client');
    expect(normalizeKind('Server')).toBe('server');
    expect(normalizeKind('SPAN_\u212AIND_CLIENT')).toBe('span_\u212Aind_client');
  });
});

describe('stepSql', () => {
  it('renders one multiIf with every value bound', () => {
    const { text, params } = stepSql(link).build();
    expect(text).toBe(
      "multiIf((ServiceName = {p_0:String} AND SpanName LIKE {p_1:String}), {p_2:String}, (SpanName LIKE {p_3:String}), {p_4:String}, (lower(SpanKind) IN {p_5:Array(String)} AND (if(SpanAttributes[{p_6:String}] != '', SpanAttributes[{p_7:String}], ResourceAttributes[{p_8:String}]) != '' AND if(SpanAttributes[{p_9:String}] != '', SpanAttributes[{p_10:String}], ResourceAttributes[{p_11:String}]) LIKE {p_12:String})), {p_13:String}, (SpanName LIKE {p_14:String}), {p_15:String}, '')",
    );
    expect(params).toMatchObject({
      p_0: 'order-svc',
      p_1: 'POST /orders%',
      p_2: 'create_order',
      p_5: ['client', 'span_kind_client'],
      p_6: 'payment.channel',
      p_12: '%',
      p_14: 'POST /callbacks/_',
    });
  });
});
