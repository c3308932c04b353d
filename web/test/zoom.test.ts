import { describe, expect, it } from 'vitest';
import {
  FULL_WINDOW,
  formatWindow,
  isFullWindow,
  MIN_WIDTH,
  normalizeWindow,
  panBy,
  parseWindow,
  windowForSpan,
  zoomAround,
  zoomToSelection,
} from '../src/waterfall/zoom.ts';

describe('zoom windows', () => {
  it('normalises order, clamps, and enforces a minimum width', () => {
    expect(normalizeWindow(0.8, 0.2)).toEqual({ start: 0.2, end: 0.8 });
    expect(normalizeWindow(-1, 2)).toEqual(FULL_WINDOW);
    const tiny = normalizeWindow(0.5, 0.5);
    expect(tiny.end - tiny.start).toBeCloseTo(MIN_WIDTH, 12);
  });

  it('zooms to a selection made inside an already zoomed window', () => {
    // Visible: 0.2…0.6 of the trace; the user drags over the middle half of it → 0.3…0.5.
    const w = zoomToSelection({ start: 0.2, end: 0.6 }, 0.25, 0.75);
    expect(w.start).toBeCloseTo(0.3, 12);
    expect(w.end).toBeCloseTo(0.5, 12);
  });

  it('zooms around the pointer, keeping it still', () => {
    const w = zoomAround(FULL_WINDOW, 0.5, 0.5);
    expect(w).toEqual({ start: 0.25, end: 0.75 });
    const out = zoomAround({ start: 0, end: 0.2 }, 0, 4);
    expect(out.start).toBe(0);
    expect(out.end).toBeCloseTo(0.8, 12);
  });

  it('pans and stops at the edges', () => {
    expect(panBy({ start: 0.4, end: 0.6 }, 0.5)).toEqual({ start: 0.5, end: 0.7 });
    const atEdge = panBy({ start: 0.7, end: 0.9 }, 5);
    expect(atEdge.start).toBeCloseTo(0.8, 12);
    expect(atEdge.end).toBeCloseTo(1, 12);
  });

  it('frames a span with a margin', () => {
    const w = windowForSpan(100, 100, 1000, 0.1);
    expect(w.start).toBeCloseTo(0.09, 12);
    expect(w.end).toBeCloseTo(0.21, 12);
  });

  it('round-trips through the URL and ignores junk', () => {
    expect(parseWindow(formatWindow({ start: 0.125, end: 0.5 }))).toEqual({ start: 0.125, end: 0.5 });
    expect(parseWindow('nonsense')).toEqual(FULL_WINDOW);
    expect(parseWindow(null)).toEqual(FULL_WINDOW);
    expect(isFullWindow(parseWindow('0,1'))).toBe(true);
  });
});
