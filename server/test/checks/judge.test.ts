import { describe, expect, it } from 'vitest';
import { type CheckSpan, judgeJourney } from '../../src/checks/judge.ts';
import type { CheckDefinition } from '../../src/link/check-schema.ts';

/** A span drawn as `id step start..end [failed]`, in milliseconds. */
function span(spanId: string, step: string, startMs: number, endMs: number, failed = false): CheckSpan {
  return {
    spanId,
    step,
    startNs: BigInt(startMs) * 1_000_000n,
    endNs: BigInt(endMs) * 1_000_000n,
    ok: !failed,
  };
}
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const NOW = ns(1_000_000);

const base = { severity: 'warning' as const };
const once: CheckDefinition = { ...base, id: 'double_charge', kind: 'atMostOnce', step: 'pay' };
const notAfter: CheckDefinition = {
  ...base,
  id: 'late_cancel',
  kind: 'notAfter',
  step: 'cancel',
  after: 'confirm',
};
const requires: CheckDefinition = { ...base, id: 'empty', kind: 'requires', step: 'cancel', requires: 'try' };
const storm: CheckDefinition = { ...base, id: 'storm', kind: 'maxAttempts', step: 'confirm', max: 3 };
const followed: CheckDefinition = {
  ...base,
  id: 'paid_not_updated',
  kind: 'followedBy',
  step: 'callback',
  // biome-ignore lint/suspicious/noThenProperty: DESIGN.md names the field `then` (a string, never a thenable)
  then: 'update',
  withinMs: 1000,
};

describe('atMostOnce', () => {
  it('fires on the second successful span, at its start, naming every successful one', () => {
    //  a |====|        ok
    //  b      |xx|     failed
    //  c          |==| ok   → violated at c's start
    const spans = [span('c', 'pay', 30, 40), span('a', 'pay', 0, 10), span('b', 'pay', 12, 20, true)];
    expect(judgeJourney(once, spans, NOW)).toEqual({
      judged: true,
      violation: { atNs: ns(30), spanIds: ['a', 'c'], count: 2, gapNs: 0n },
    });
  });
  it('holds for one success among failed retries; a journey without the step is not judged', () => {
    expect(judgeJourney(once, [span('a', 'pay', 0, 10, true), span('b', 'pay', 20, 30)], NOW)).toEqual({
      judged: true,
    });
    expect(judgeJourney(once, [span('x', 'other', 0, 1)], NOW)).toEqual({ judged: false });
  });
});

describe('notAfter', () => {
  it('fires on a span starting after the successful span ended; equal instants do not', () => {
    const confirm = span('k', 'confirm', 0, 10);
    expect(judgeJourney(notAfter, [confirm, span('c', 'cancel', 10, 12)], NOW)).toEqual({ judged: true });
    expect(judgeJourney(notAfter, [confirm, span('c', 'cancel', 15, 16)], NOW).violation).toEqual({
      atNs: ns(15),
      spanIds: ['c', 'k'],
      count: 1,
      gapNs: ns(5),
    });
  });
  it('a failed `after` span does not count', () => {
    expect(
      judgeJourney(notAfter, [span('k', 'confirm', 0, 10, true), span('c', 'cancel', 15, 16)], NOW),
    ).toEqual({
      judged: true,
    });
  });
});

describe('requires', () => {
  it('fires without the required step, or when it starts later; at the same instant holds', () => {
    expect(judgeJourney(requires, [span('c', 'cancel', 5, 6)], NOW).violation).toEqual({
      atNs: ns(5),
      spanIds: ['c'],
      count: 0,
      gapNs: 0n,
    });
    expect(
      judgeJourney(requires, [span('c', 'cancel', 5, 6), span('t', 'try', 8, 9)], NOW).violation,
    ).toEqual({
      atNs: ns(5),
      spanIds: ['c'],
      count: 1,
      gapNs: ns(3),
    });
    expect(judgeJourney(requires, [span('c', 'cancel', 5, 6), span('t', 'try', 5, 9, true)], NOW)).toEqual({
      judged: true,
    });
  });
});

describe('maxAttempts', () => {
  it('fires past max spans, at the start of span max+1, naming them all', () => {
    const four = [0, 1, 2, 3].map((i) => span(`s${i}`, 'confirm', i * 10, i * 10 + 5, i < 3));
    expect(judgeJourney(storm, four, NOW).violation).toEqual({
      atNs: ns(30),
      spanIds: ['s0', 's1', 's2', 's3'],
      count: 4,
      gapNs: 0n,
    });
    expect(judgeJourney(storm, four.slice(0, 3), NOW)).toEqual({ judged: true });
  });
});

describe('followedBy', () => {
  const callback = span('cb', 'callback', 100, 200);
  it('holds when a successful `then` starts within [start, end + withinMs], nested or at the last instant', () => {
    expect(judgeJourney(followed, [callback, span('u', 'update', 150, 160)], NOW)).toEqual({ judged: true });
    expect(judgeJourney(followed, [callback, span('u', 'update', 1200, 1210)], NOW)).toEqual({
      judged: true,
    });
  });
  it('fires at end + withinMs when the update is missing, late, failed or before the callback', () => {
    const violation = { atNs: ns(1200), spanIds: ['cb'], count: 1, gapNs: 0n };
    for (const others of [
      [],
      [span('u', 'update', 1201, 1210)],
      [span('u', 'update', 300, 310, true)],
      [span('u', 'update', 50, 60)],
    ])
      expect(judgeJourney(followed, [callback, ...others], NOW).violation).toEqual(violation);
  });
  it('judges a span only once its window has passed', () => {
    expect(judgeJourney(followed, [callback], ns(1199))).toEqual({ judged: true });
    expect(judgeJourney(followed, [callback], ns(1200)).violation?.atNs).toBe(ns(1200));
  });
});
