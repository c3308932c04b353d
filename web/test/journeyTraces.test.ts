import { describe, expect, it } from 'vitest';
import { joinedText, journeyTraceList, linkJoinedTitles, shortTraceId } from '../src/traces/journeyTraces.ts';

const A = 'aaaaaaaa11111111aaaaaaaa11111111';
const B = 'bbbbbbbb22222222bbbbbbbb22222222';
const C = 'cccccccc33333333cccccccc33333333';

describe('journeyTraceList', () => {
  it('takes the server’s traces with how each joined', () => {
    const traces = [
      { traceId: A, via: 'key' as const },
      { traceId: C, via: 'link' as const, linkedFrom: A },
    ];
    expect(journeyTraceList({ traces, traceIds: [A, C] }, [A, C])).toEqual([
      { traceId: A, via: 'key', linkedFrom: null },
      { traceId: C, via: 'link', linkedFrom: A },
    ]);
  });
  it('falls back to traceIds, then to the spans’ traces, without repeating one', () => {
    expect(journeyTraceList({ traceIds: [B, A] }, [A, B, C])).toEqual([
      { traceId: B, via: null, linkedFrom: null },
      { traceId: A, via: null, linkedFrom: null },
      { traceId: C, via: null, linkedFrom: null },
    ]);
    expect(journeyTraceList({}, [A])).toEqual([{ traceId: A, via: null, linkedFrom: null }]);
  });
});

describe('joinedText', () => {
  it('names how a trace joined', () => {
    expect(joinedText({ traceId: A, via: 'key', linkedFrom: null })).toBe('joined by journey key');
    expect(joinedText({ traceId: C, via: 'link', linkedFrom: A })).toBe('joined by span link from aaaaaaaa…');
    expect(joinedText({ traceId: C, via: 'link', linkedFrom: null })).toBe('joined by span link');
    expect(joinedText({ traceId: B, via: 'trace', linkedFrom: null })).toBe('a journey of its own (no key)');
    expect(joinedText({ traceId: B, via: null, linkedFrom: null })).toBe('');
  });
});

describe('linkJoinedTitles', () => {
  it('marks only the traces that joined through a span link', () => {
    const titles = linkJoinedTitles([
      { traceId: A, via: 'key', linkedFrom: null },
      { traceId: C, via: 'link', linkedFrom: A },
      { traceId: B, via: null, linkedFrom: null },
    ]);
    expect([...titles]).toEqual([[C, 'Trace cccccccc… joined by span link from aaaaaaaa…']]);
  });
});

describe('shortTraceId', () => {
  it('keeps 8 hex digits', () => {
    expect(shortTraceId(A)).toBe('aaaaaaaa…');
    expect(shortTraceId('abc')).toBe('abc');
  });
});
