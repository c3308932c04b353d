import { describe, expect, it } from 'vitest';
import { selfTimeNs } from '../../../src/analysis/waterfall/self-time.ts';

const iv = (startNs: number, endNs: number) => ({ startNs, endNs });

describe('selfTimeNs', () => {
  it('is the whole duration without children', () => {
    expect(selfTimeNs(iv(10, 110), [])).toBe(100);
  });

  it('subtracts the union of overlapping children once', () => {
    /*
     *   0                                   100
     *   |================ span ===============|
     *       |--- a ---|                          a: 10..30
     *            |----- b -----|                 b: 20..50  → union 10..50 = 40
     *                                |- c -|     c: 70..80  → +10
     */
    expect(selfTimeNs(iv(0, 100), [iv(20, 50), iv(10, 30), iv(70, 80)])).toBe(50);
  });

  it('counts only the part of a child inside the span (async and clock-skewed children)', () => {
    /*
     *        10                      100
     *        |========= span =========|
     *   |-- skewed --|                        0..25 → 10..25 = 15
     *                         |---- async ----|---->  90..200 → 90..100 = 10
     *                                            |- outside -|  150..160 → 0
     */
    expect(selfTimeNs(iv(10, 100), [iv(0, 25), iv(90, 200), iv(150, 160)])).toBe(65);
  });

  it('is zero when children cover the span exactly', () => {
    expect(selfTimeNs(iv(0, 10), [iv(0, 5), iv(5, 10)])).toBe(0);
  });
});
