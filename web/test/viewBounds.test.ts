import { describe, expect, it } from 'vitest';
import { clipForDrawing, createViewedBoundsFunc, isInView } from '../src/waterfall/viewBounds.ts';

describe('createViewedBoundsFunc', () => {
  it('maps times to fractions of the whole trace when not zoomed', () => {
    const bounds = createViewedBoundsFunc({ minMs: 0, maxMs: 200, viewStart: 0, viewEnd: 1 });
    expect(bounds(50, 150)).toEqual({ start: 0.25, end: 0.75 });
  });

  it('maps into the zoomed window: [0.5, 0.75] of 0…200 ms is 100…150 ms', () => {
    const bounds = createViewedBoundsFunc({ minMs: 0, maxMs: 200, viewStart: 0.5, viewEnd: 0.75 });
    expect(bounds(100, 150)).toEqual({ start: 0, end: 1 });
    expect(bounds(125, 200)).toEqual({ start: 0.5, end: 2 });
    expect(bounds(0, 50)).toEqual({ start: -2, end: -1 });
  });

  it('honours a non-zero minimum', () => {
    const bounds = createViewedBoundsFunc({ minMs: 1000, maxMs: 1100, viewStart: 0, viewEnd: 1 });
    expect(bounds(1010, 1020)).toEqual({ start: 0.1, end: 0.2 });
  });

  it('returns zero-width bounds for an empty trace instead of dividing by zero', () => {
    const bounds = createViewedBoundsFunc({ minMs: 5, maxMs: 5, viewStart: 0, viewEnd: 1 });
    expect(bounds(5, 5)).toEqual({ start: 0, end: 0 });
  });
});

describe('isInView / clipForDrawing', () => {
  it('tells bars that touch the window from bars outside it', () => {
    expect(isInView({ start: -0.5, end: 0 })).toBe(true);
    expect(isInView({ start: 1.2, end: 1.5 })).toBe(false);
    expect(isInView({ start: -1, end: -0.1 })).toBe(false);
  });

  it('clips to the window and keeps tiny bars visible', () => {
    expect(clipForDrawing({ start: -0.5, end: 0.5 })).toEqual({ left: 0, width: 0.5 });
    expect(clipForDrawing({ start: 0.3, end: 0.3 }, 0.01)).toEqual({ left: 0.3, width: 0.01 });
    expect(clipForDrawing({ start: 1, end: 1 }, 0.01)).toEqual({ left: 0.99, width: 0.01 });
  });
});
