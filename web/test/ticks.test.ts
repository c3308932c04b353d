import { describe, expect, it } from 'vitest';
import { computeTicks, niceStep } from '../src/waterfall/ticks.ts';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(1000, 10)).toBe(100);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(0.3, 6)).toBe(0.05);
    expect(niceStep(2400, 5)).toBe(500);
  });
});

describe('computeTicks', () => {
  it('covers 0…1000 ms with round labels', () => {
    const ticks = computeTicks(0, 1000, 5);
    expect(ticks.map((t) => t.offsetMs)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(ticks.map((t) => t.fraction)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks.map((t) => t.label)).toEqual(['0 ms', '200 ms', '400 ms', '600 ms', '800 ms', '1 s']);
  });

  it('starts at the first round value inside a zoomed window', () => {
    const ticks = computeTicks(130, 370, 5);
    expect(ticks.map((t) => t.offsetMs)).toEqual([150, 200, 250, 300, 350]);
    expect(ticks[0]!.fraction).toBeCloseTo(20 / 240, 12);
  });

  it('keeps sub-millisecond ticks free of float noise', () => {
    const ticks = computeTicks(0, 0.3, 6);
    expect(ticks.map((t) => t.offsetMs)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(ticks[3]!.label).toBe('0.15 ms');
  });

  it('returns a single tick for an empty window', () => {
    expect(computeTicks(4, 4)).toEqual([{ offsetMs: 4, fraction: 0, label: '4 ms' }]);
  });
});
