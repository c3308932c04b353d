import { describe, expect, it } from 'vitest';
import { pointChange, readCompare, relativeChange } from '../src/compare/change.ts';

describe('changes against an earlier window', () => {
  it('gives latencies and counts as a signed ratio, a rise worse unless told otherwise', () => {
    expect(relativeChange(135, 100)).toEqual({ text: '+35 %', tone: 'worse' });
    expect(relativeChange(95, 100)).toEqual({ text: '−5.0 %', tone: 'better' });
    expect(relativeChange(120, 100, false)).toEqual({ text: '+20 %', tone: 'better' });
    expect(relativeChange(100, 100)).toEqual({ text: '±0.0 %', tone: 'same' });
    expect(relativeChange(5, 0)).toEqual({ text: 'new', tone: 'worse' });
    expect(relativeChange(null, 100)).toBeUndefined();
    expect(relativeChange(100, null)).toBeUndefined();
  });
  it('gives rates in points', () => {
    expect(pointChange(0.921, 0.942, false)).toEqual({ text: '−2.1 points', tone: 'worse' });
    expect(pointChange(0.05, 0.01, true)).toEqual({ text: '+4.0 points', tone: 'worse' });
    expect(pointChange(0.5, 0.5, true)).toEqual({ text: '±0.0 points', tone: 'same' });
    expect(pointChange(null, 0.5, true)).toBeUndefined();
  });
  it('reads only the windows the picker offers', () => {
    expect(readCompare(new URLSearchParams('compare=1d'))).toBe('1d');
    expect(readCompare(new URLSearchParams('compare=3w'))).toBeUndefined();
    expect(readCompare(new URLSearchParams(''))).toBeUndefined();
  });
});
