import { describe, expect, it } from 'vitest';
import { resolveJourney, type TraceFacts, unreadLinks } from '../../src/journeys/resolve-journeys.ts';

const facts = (...list: Partial<TraceFacts>[]) =>
  new Map(list.map((f) => [f.traceId!, { traceId: f.traceId!, spanKey: '', logKey: '', linked: '', ...f }]));

describe('resolveJourney', () => {
  it("takes the trace's own key, from its spans before its logs", () => {
    const known = facts({ traceId: 'a', spanKey: 'order-1', logKey: 'order-2', linked: 'b' });
    expect(resolveJourney('a', known)).toEqual({
      traceId: 'a',
      journey: 'order-1',
      via: 'key',
      linkedTo: '',
    });
    expect(resolveJourney('a', facts({ traceId: 'a', logKey: 'order-2' })).journey).toBe('order-2');
  });

  it('follows links to a keyed trace, two hops deep', () => {
    // consumer c2 → consumer c1 → producer p (keyed)
    const known = facts(
      { traceId: 'p', spanKey: 'order-9' },
      { traceId: 'c1', linked: 'p' },
      { traceId: 'c2', linked: 'c1' },
    );
    expect(resolveJourney('c1', known)).toEqual({
      traceId: 'c1',
      journey: 'order-9',
      via: 'link',
      linkedTo: 'p',
    });
    expect(resolveJourney('c2', known)).toEqual({
      traceId: 'c2',
      journey: 'order-9',
      via: 'link',
      linkedTo: 'c1',
    });
  });

  it('names a key-less chain by the last trace reached, and stops after three hops', () => {
    const chain = facts(
      { traceId: 'p' },
      { traceId: 'c1', linked: 'p' },
      { traceId: 'c2', linked: 'c1' },
      { traceId: 'c3', linked: 'c2' },
      { traceId: 'c4', linked: 'c3' },
      { traceId: 'x', spanKey: 'far' },
    );
    expect(resolveJourney('p', chain)).toEqual({ traceId: 'p', journey: 'p', via: 'trace', linkedTo: '' });
    expect(resolveJourney('c1', chain).journey).toBe('p');
    expect(resolveJourney('c3', chain).journey).toBe('p');
    // c4 → c3 → c2 → c1: three hops end at c1, short of p.
    expect(resolveJourney('c4', chain).journey).toBe('c1');
    // A key three hops away is found; four hops away is not.
    const keyed = facts(
      { traceId: 'k', spanKey: 'order-3' },
      { traceId: 'a', linked: 'k' },
      { traceId: 'b', linked: 'a' },
      { traceId: 'c', linked: 'b' },
      { traceId: 'd', linked: 'c' },
    );
    expect(resolveJourney('c', keyed).journey).toBe('order-3');
    expect(resolveJourney('d', keyed).journey).toBe('a');
  });

  it('treats an unknown trace as key-less and unlinked', () => {
    expect(resolveJourney('z', new Map())).toEqual({
      traceId: 'z',
      journey: 'z',
      via: 'trace',
      linkedTo: '',
    });
    expect(resolveJourney('c', facts({ traceId: 'c', linked: 'gone' })).journey).toBe('gone');
  });
});

describe('unreadLinks', () => {
  it('asks for the next trace of each key-less chain not read yet, once', () => {
    const known = facts(
      { traceId: 'a', spanKey: 'k', linked: 'x' },
      { traceId: 'b', linked: 'p' },
      { traceId: 'c', linked: 'p' },
      { traceId: 'd', linked: 'e' },
      { traceId: 'e', linked: 'f' },
    );
    expect(unreadLinks(['a', 'b', 'c', 'd', 'e'], known).sort()).toEqual(['f', 'p']);
  });
});
