import { describe, expect, it } from 'vitest';
import { computeCriticalPath, criticalSpanIds } from '../../../src/analysis/critical-path/critical-path.ts';
import type { PathSpan } from '../../../src/analysis/critical-path/types.ts';

function span(id: string, parentId: string | undefined, startNs: number, endNs: number): PathSpan {
  return { id, parentId, startNs, endNs };
}

describe('computeCriticalPath (Jaeger: walk back from the last-finishing child)', () => {
  it('follows the last-finishing of two overlapping children (jaeger-ui test2)', () => {
    /*
     *   1                                          101
     *   |===================== X ====================|
     *   +++++++++|                |++++++++++++++++++|     X:  1 → 20 and 60 → 101
     *            |------ A ------|                          A:  10 → 50, ends after C starts: off the path
     *       10   |       |------------ C ------------|      C:  20 → 60
     *                    ++++++++++++++++++++++++++++
     */
    const sections = computeCriticalPath([
      span('X', undefined, 1, 101),
      span('A', 'X', 10, 50),
      span('C', 'X', 20, 60),
    ]);
    expect(sections).toEqual([
      { id: 'X', startNs: 1, endNs: 20 },
      { id: 'C', startNs: 20, endNs: 60 },
      { id: 'X', startNs: 60, endNs: 101 },
    ]);
  });

  it('hands back to the parent between sequential children', () => {
    /*
     *   0        10       30   40                  90   100
     *   |====================== root ======================|
     *   +++++++++|--- A ---|+++|------- B ---------|+++++++
     *            ++++++++++    +++++++++++++++++++++
     */
    const sections = computeCriticalPath([
      span('root', undefined, 0, 100),
      span('A', 'root', 10, 30),
      span('B', 'root', 40, 90),
    ]);
    expect(sections).toEqual([
      { id: 'root', startNs: 0, endNs: 10 },
      { id: 'A', startNs: 10, endNs: 30 },
      { id: 'root', startNs: 30, endNs: 40 },
      { id: 'B', startNs: 40, endNs: 90 },
      { id: 'root', startNs: 90, endNs: 100 },
    ]);
  });

  it('skips a child hidden under a longer sibling that finishes later', () => {
    /*
     *   0                          70          100
     *   |================ root ==================|
     *   |============ A ============|+++++++++++++     A covers B entirely: B never blocks
     *   ++++++|----- B -----|+++++++
     *        20            60
     */
    const sections = computeCriticalPath([
      span('root', undefined, 0, 100),
      span('A', 'root', 0, 70),
      span('B', 'root', 20, 60),
    ]);
    expect(sections).toEqual([
      { id: 'A', startNs: 0, endNs: 70 },
      { id: 'root', startNs: 70, endNs: 100 },
    ]);
    expect(criticalSpanIds(sections)).toEqual(new Set(['A', 'root']));
  });

  it('cuts an async child that outlives its parent at the parent end', () => {
    /*
     *   0                    50                  100                 150
     *   |======== root ===================================|
     *   ++++++++++++++++++++++|------------- A (async) ---|xxxxxxxxxxxxxxxxxxx|
     *                         ++++++++++++++++++++++++++++  clipped: 50 → 100
     */
    const sections = computeCriticalPath([span('root', undefined, 0, 100), span('A', 'root', 50, 150)]);
    expect(sections).toEqual([
      { id: 'root', startNs: 0, endNs: 50 },
      { id: 'A', startNs: 50, endNs: 100 },
    ]);
  });

  it('cuts a clock-skewed child that starts before its parent at the parent start', () => {
    /*
     *       10  20                  80        100
     *       |============ root =================|
     *       +++|========== P ========|++++++++++
     *   |xxxxxx-- C --|+++++++++++++++           C: 5 → 40 on a skewed clock, clipped to 20 → 40
     *   5      ++++++40
     */
    const sections = computeCriticalPath([
      span('root', undefined, 10, 100),
      span('P', 'root', 20, 80),
      span('C', 'P', 5, 40),
    ]);
    expect(sections).toEqual([
      { id: 'root', startNs: 10, endNs: 20 },
      { id: 'C', startNs: 20, endNs: 40 },
      { id: 'P', startNs: 40, endNs: 80 },
      { id: 'root', startNs: 80, endNs: 100 },
    ]);
  });

  it('drops a child wholly outside its parent, with its subtree', () => {
    /*
     *   0            50      60        90
     *   |=== root ===|        |-- A --|         A starts after root ended: not on the path
     *   ++++++++++++++          |A1|            nor is its child
     */
    const sections = computeCriticalPath([
      span('root', undefined, 0, 50),
      span('A', 'root', 60, 90),
      span('A1', 'A', 65, 70),
    ]);
    expect(sections).toEqual([{ id: 'root', startNs: 0, endNs: 50 }]);
  });

  it('walks down and back up through nested children', () => {
    /*
     *   0   10  20         50 55         85  90 92  98 100
     *   |=================== root ======================|
     *   +++|============== A ===============|++|- B -|++
     *       ++++|--- A1 ---|++|---- A2 ----|++ +++++++
     *           ++++++++++++   ++++++++++++
     */
    const sections = computeCriticalPath([
      span('root', undefined, 0, 100),
      span('A', 'root', 10, 90),
      span('A1', 'A', 20, 50),
      span('A2', 'A', 55, 85),
      span('B', 'root', 92, 98),
    ]);
    expect(sections).toEqual([
      { id: 'root', startNs: 0, endNs: 10 },
      { id: 'A', startNs: 10, endNs: 20 },
      { id: 'A1', startNs: 20, endNs: 50 },
      { id: 'A', startNs: 50, endNs: 55 },
      { id: 'A2', startNs: 55, endNs: 85 },
      { id: 'A', startNs: 85, endNs: 90 },
      { id: 'root', startNs: 90, endNs: 92 },
      { id: 'B', startNs: 92, endNs: 98 },
      { id: 'root', startNs: 98, endNs: 100 },
    ]);
  });

  it('prefers the longer of two children that end together', () => {
    /*
     *   0    10            50          100
     *   |========== root ===============|
     *   +++++|============ A ===========|      A and B both end at 100; A started first
     *                      |---- B -----|
     */
    const sections = computeCriticalPath([
      span('root', undefined, 0, 100),
      span('B', 'root', 50, 100),
      span('A', 'root', 10, 100),
    ]);
    expect(sections).toEqual([
      { id: 'root', startNs: 0, endNs: 10 },
      { id: 'A', startNs: 10, endNs: 100 },
    ]);
  });

  it('computes one path per root when parents are missing (orphans)', () => {
    /*
     *   0         10
     *   |== R1 ===|          R1 is a root; R2's parent "gone" was never received
     *        |===== R2 =====|
     *        5             20
     */
    const sections = computeCriticalPath([span('R2', 'gone', 5, 20), span('R1', undefined, 0, 10)]);
    expect(sections).toEqual([
      { id: 'R1', startNs: 0, endNs: 10 },
      { id: 'R2', startNs: 5, endNs: 20 },
    ]);
  });

  it('ignores zero-length children and zero-length sections', () => {
    /*
     *   0     5         10
     *   |=== root =====|
     *         |  Z (0 ns at 5)
     */
    const sections = computeCriticalPath([span('root', undefined, 0, 10), span('Z', 'root', 5, 5)]);
    expect(sections).toEqual([
      { id: 'root', startNs: 0, endNs: 5 },
      { id: 'root', startNs: 5, endNs: 10 },
    ]);
  });

  it('survives a parent cycle (spans unreachable from a root are left out)', () => {
    const sections = computeCriticalPath([
      span('root', undefined, 0, 10),
      span('a', 'b', 1, 2),
      span('b', 'a', 1, 2),
      span('self', 'self', 3, 4),
    ]);
    expect(sections).toEqual([
      { id: 'root', startNs: 0, endNs: 10 },
      { id: 'self', startNs: 3, endNs: 4 },
    ]);
  });

  it('handles a 100,000-deep chain without overflowing the stack', () => {
    const n = 100_000;
    const spans = Array.from({ length: n }, (_, i) =>
      span(`s${i}`, i === 0 ? undefined : `s${i - 1}`, i, 2 * n - i),
    );
    const sections = computeCriticalPath(spans);
    // Each span owns 1 ns at each side of its only child; the innermost owns its whole 2 ns.
    expect(sections).toHaveLength(2 * n - 1);
    expect(sections[0]).toEqual({ id: 's0', startNs: 0, endNs: 1 });
    expect(sections.at(-1)).toEqual({ id: 's0', startNs: 2 * n - 1, endNs: 2 * n });
  });

  it('stays linear for one parent with 100,000 sequential children', () => {
    const n = 100_000;
    const spans = [span('root', undefined, 0, 2 * n + 1)];
    for (let i = 0; i < n; i++) spans.push(span(`c${i}`, 'root', 2 * i + 1, 2 * i + 2));
    const started = performance.now();
    const sections = computeCriticalPath(spans);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(sections).toHaveLength(2 * n + 1);
    expect(sections[1]).toEqual({ id: 'c0', startNs: 1, endNs: 2 });
  });
});
