import { describe, expect, it } from 'vitest';
import { type KeyCounts, rankAttribution } from '../../src/analysis/attribution.ts';

const options = { selectionCount: 10, baselineCount: 90, maxDistinctValues: 3, limit: 20 };

describe('rankAttribution', () => {
  it('ranks values by selection share minus baseline share, with exact shares and lift', () => {
    const keys: KeyCounts[] = [
      {
        key: 'merchant.id',
        values: [
          { value: 'm-42', selection: 8, baseline: 9 },
          { value: 'm-7', selection: 2, baseline: 81 },
        ],
      },
      { key: 'payment.channel', values: [{ value: 'alipay', selection: 5, baseline: 45 }] },
      { key: 'region', values: [{ value: 'eu', selection: 3, baseline: 0 }] },
    ];
    expect(rankAttribution(keys, options)).toEqual([
      {
        key: 'merchant.id',
        value: 'm-42',
        selection: 8,
        baseline: 9,
        selectionShare: 0.8,
        baselineShare: 0.1,
        lift: 8,
      },
      {
        key: 'region',
        value: 'eu',
        selection: 3,
        baseline: 0,
        selectionShare: 0.3,
        baselineShare: 0,
        lift: null,
      },
      {
        key: 'payment.channel',
        value: 'alipay',
        selection: 5,
        baseline: 45,
        selectionShare: 0.5,
        baselineShare: 0.5,
        lift: 1,
      },
      {
        key: 'merchant.id',
        value: 'm-7',
        selection: 2,
        baseline: 81,
        selectionShare: 0.2,
        baselineShare: 0.9,
        lift: 0.2 / 0.9,
      },
    ]);
  });

  it('skips keys with too many distinct values and the keys it is told to', () => {
    const keys: KeyCounts[] = [
      {
        key: 'request.id',
        values: ['a', 'b', 'c', 'd'].map((value) => ({ value, selection: 1, baseline: 0 })),
      },
      { key: 'payment.order_id', values: [{ value: 'o-1', selection: 10, baseline: 0 }] },
      { key: 'app.version', values: [{ value: '2.0', selection: 1, baseline: 1 }] },
    ];
    const ranked = rankAttribution(keys, { ...options, skipKeys: new Set(['payment.order_id']) });
    expect(ranked.map((a) => `${a.key}=${a.value}`)).toEqual(['app.version=2.0']);
  });

  it('breaks ties by selection count, then key and value, and keeps the first `limit`', () => {
    const keys: KeyCounts[] = [
      { key: 'b', values: [{ value: 'x', selection: 1, baseline: 9 }] },
      {
        key: 'a',
        values: [
          { value: 'y', selection: 1, baseline: 9 },
          { value: 'x', selection: 1, baseline: 9 },
        ],
      },
      { key: 'c', values: [{ value: 'z', selection: 2, baseline: 18 }] },
    ];
    const ranked = rankAttribution(keys, { ...options, limit: 3 });
    expect(ranked.map((a) => `${a.key}=${a.value}`)).toEqual(['c=z', 'a=x', 'a=y']);
  });

  it('gives zero shares when a side is empty', () => {
    const ranked = rankAttribution([{ key: 'k', values: [{ value: 'v', selection: 0, baseline: 4 }] }], {
      ...options,
      selectionCount: 0,
      baselineCount: 4,
    });
    expect(ranked[0]).toMatchObject({ selectionShare: 0, baselineShare: 1, lift: 0 });
  });
});
