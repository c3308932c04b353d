import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleWindow } from '../src/waterfall/virtualWindow.ts';

describe('visibleWindow', () => {
  it('renders the rows in view plus overscan', () => {
    // 24 px rows, 240 px viewport scrolled to 480 px: rows 20…29 visible.
    expect(
      visibleWindow({ scrollTop: 480, viewportHeight: 240, rowHeight: 24, rowCount: 10_000, overscan: 5 }),
    ).toEqual({
      start: 15,
      end: 35,
      offsetTop: 360,
      totalHeight: 240_000,
    });
  });

  it('clamps at both ends', () => {
    expect(
      visibleWindow({ scrollTop: 0, viewportHeight: 100, rowHeight: 20, rowCount: 3, overscan: 2 }),
    ).toEqual({
      start: 0,
      end: 3,
      offsetTop: 0,
      totalHeight: 60,
    });
    const end = visibleWindow({
      scrollTop: 1e9,
      viewportHeight: 100,
      rowHeight: 20,
      rowCount: 50,
      overscan: 2,
    });
    expect(end.end).toBe(50);
    expect(end.start).toBe(48);
  });

  it('is empty for no rows', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 100, rowHeight: 20, rowCount: 0 }).end).toBe(0);
  });

  it('renders a bounded number of rows however large the trace', () => {
    const w = visibleWindow({ scrollTop: 1_000_000, viewportHeight: 600, rowHeight: 24, rowCount: 100_000 });
    expect(w.end - w.start).toBeLessThanOrEqual(600 / 24 + 1 + 16);
  });
});

describe('scrollToReveal', () => {
  it('scrolls only as far as needed', () => {
    expect(scrollToReveal(10, 0, 240, 24)).toBe(24);
    expect(scrollToReveal(2, 100, 240, 24)).toBe(48);
    expect(scrollToReveal(5, 100, 240, 24)).toBe(100);
  });
});
