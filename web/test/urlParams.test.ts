import { describe, expect, it } from 'vitest';
import { readSearchFields, searchQuery, writeSearchFields } from '../src/traces/searchParams.ts';
import { carryOver, groupSuggestions, readFilters, writeFilter } from '../src/url/filters.ts';
import { readRefreshMs } from '../src/url/refresh.ts';
import {
  INITIAL_WATERFALL_STATE,
  readWaterfallState,
  writeWaterfallState,
} from '../src/waterfall/urlState.ts';

describe('dimension filters', () => {
  it('reads only the link dimensions and writes/clears one', () => {
    const params = new URLSearchParams('f.payment.channel=alipay&f.unknown=x&range=1h');
    expect(readFilters(params, ['payment.channel', 'service.name'])).toEqual({ 'payment.channel': 'alipay' });
    expect(writeFilter(params, 'payment.channel', ' ').toString()).toBe('f.unknown=x&range=1h');
    expect(writeFilter(params, 'service.name', 'risk-svc').get('f.service.name')).toBe('risk-svc');
  });
  it('carries range, refresh and filters between pages', () => {
    expect(carryOver(new URLSearchParams('from=1&to=2&refresh=30s&span=abc&f.x=y')).toString()).toBe(
      'from=1&to=2&refresh=30s&f.x=y',
    );
  });
  it('collects suggested values per dimension from grouped results', () => {
    const groups: { key: Record<string, string> }[] = [
      { key: { 'payment.channel': 'card' } },
      { key: { 'payment.channel': 'alipay', 'service.name': 'pay' } },
      { key: { 'payment.channel': 'card' } },
    ];
    expect(groupSuggestions(groups)).toEqual({
      'payment.channel': ['alipay', 'card'],
      'service.name': ['pay'],
    });
  });
  it('reads the refresh interval', () => {
    expect(readRefreshMs(new URLSearchParams('refresh=30s'))).toBe(30_000);
    expect(readRefreshMs(new URLSearchParams('refresh=7s'))).toBe(0);
  });
});

describe('trace search fields', () => {
  it('round-trips and builds the API query', () => {
    const fields = { step: 'channel_pay', status: 'error', minMs: '250', key: ' order-1 ' };
    const params = writeSearchFields(new URLSearchParams('range=6h&droppedAfter=x'), fields);
    expect(params.toString()).toBe('range=6h&step=channel_pay&status=error&minMs=250&key=order-1');
    expect(readSearchFields(params)).toEqual({ ...fields, key: 'order-1' });
    expect(searchQuery(fields)).toEqual({ step: 'channel_pay', status: 'error', minMs: 250, key: 'order-1' });
  });
  it('leaves out a minimum duration that is not a number', () => {
    expect(searchQuery({ step: '', status: '', minMs: 'abc', key: '' })).toEqual({
      step: undefined,
      status: undefined,
      minMs: undefined,
      key: undefined,
    });
  });
});

describe('waterfall URL state', () => {
  it('writes nothing for the initial state', () => {
    expect(writeWaterfallState(new URLSearchParams('range=1h'), INITIAL_WATERFALL_STATE).toString()).toBe(
      'range=1h',
    );
  });
  it('round-trips every field', () => {
    const state = {
      span: 'abc',
      zoom: { start: 0.25, end: 0.5 },
      fold: 2,
      collapsed: ['s1', 's2'],
      filter: 'risk',
      errorsOnly: true,
      root: 'r1',
      criticalPath: false,
    };
    const params = writeWaterfallState(new URLSearchParams(), state);
    expect(params.toString()).toBe(
      'span=abc&zoom=0.25%2C0.5&fold=2&collapsed=s1%2Cs2&q=risk&errors=1&root=r1&cp=0',
    );
    expect(readWaterfallState(params)).toEqual(state);
  });
  it('ignores a bad fold', () => {
    expect(readWaterfallState(new URLSearchParams('fold=-1')).fold).toBeNull();
  });
});
