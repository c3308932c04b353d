import { describe, expect, it } from 'vitest';
import { type HotspotGroup, rankHotspots } from '../../src/analysis/hotspots.ts';

const group = (step: string, peer: string, calls: number, timeouts: number): HotspotGroup => ({
  step,
  service: 'payment-svc',
  peer,
  channel: 'alipay',
  calls,
  timeouts,
  p99: 100,
  timeoutMs: 3000,
});

describe('rankHotspots', () => {
  it('orders by timeouts, then rate, then calls, then names; drops groups without timeouts', () => {
    const ranked = rankHotspots(
      [
        group('a', 'p1', 1000, 10),
        group('b', 'p2', 100, 10),
        group('c', 'p3', 100, 0),
        group('d', 'p4', 20, 40),
        group('e', 'p5', 100, 10),
        group('a', 'p0', 100, 10),
      ],
      10,
    );
    expect(ranked.map((h) => [h.step, h.peer, h.timeoutRate])).toEqual([
      ['d', 'p4', 2],
      ['a', 'p0', 0.1],
      ['b', 'p2', 0.1],
      ['e', 'p5', 0.1],
      ['a', 'p1', 0.01],
    ]);
  });

  it('keeps the first `limit`', () => {
    expect(rankHotspots([group('a', 'x', 10, 1), group('b', 'y', 10, 2)], 1).map((h) => h.step)).toEqual([
      'b',
    ]);
  });
});
