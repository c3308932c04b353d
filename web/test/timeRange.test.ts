import { describe, expect, it } from 'vitest';
import { bucketForRange, formatBucket, readRange, resolveRange, writeRange } from '../src/url/timeRange.ts';

const params = (s: string) => new URLSearchParams(s);

describe('time range in the URL', () => {
  it('defaults to the last hour', () => {
    expect(readRange(params(''))).toEqual({ kind: 'preset', id: '1h' });
    expect(readRange(params('range=bogus'))).toEqual({ kind: 'preset', id: '1h' });
  });

  it('reads presets and custom windows (epoch ms or ISO)', () => {
    expect(readRange(params('range=7d'))).toEqual({ kind: 'preset', id: '7d' });
    expect(readRange(params('from=1000&to=2000&range=15m'))).toEqual({
      kind: 'custom',
      fromMs: 1000,
      toMs: 2000,
    });
    expect(readRange(params('from=2024-01-01T00:00:00Z&to=2024-01-01T01:00:00Z'))).toEqual({
      kind: 'custom',
      fromMs: Date.UTC(2024, 0, 1),
      toMs: Date.UTC(2024, 0, 1, 1),
    });
    expect(readRange(params('from=2000&to=1000'))).toEqual({ kind: 'preset', id: '1h' });
  });

  it('writes one form and keeps other parameters', () => {
    expect(writeRange(params('step=x&from=1&to=2'), { kind: 'preset', id: '6h' }).toString()).toBe(
      'step=x&range=6h',
    );
    expect(writeRange(params('range=6h'), { kind: 'preset', id: '1h' }).toString()).toBe('');
    expect(writeRange(params('range=6h'), { kind: 'custom', fromMs: 10, toMs: 20.4 }).toString()).toBe(
      'from=10&to=20',
    );
  });

  it('resolves relative to now', () => {
    expect(resolveRange({ kind: 'preset', id: '15m' }, 1_000_000)).toEqual({
      fromMs: 100_000,
      toMs: 1_000_000,
    });
    expect(resolveRange({ kind: 'custom', fromMs: 1, toMs: 2 }, 99)).toEqual({ fromMs: 1, toMs: 2 });
  });
});

describe('bucketForRange', () => {
  it('gives about 60 points or fewer', () => {
    expect(bucketForRange({ fromMs: 0, toMs: 15 * 60_000 })).toBe(30_000);
    expect(bucketForRange({ fromMs: 0, toMs: 3_600_000 })).toBe(60_000);
    expect(bucketForRange({ fromMs: 0, toMs: 24 * 3_600_000 })).toBe(1_800_000);
    expect(bucketForRange({ fromMs: 0, toMs: 7 * 86_400_000 })).toBe(10_800_000);
  });

  it('formats buckets in the API duration syntax', () => {
    expect(formatBucket(30_000)).toBe('30s');
    expect(formatBucket(300_000)).toBe('5m');
    expect(formatBucket(10_800_000)).toBe('3h');
    expect(formatBucket(1500)).toBe('1500ms');
  });
});
