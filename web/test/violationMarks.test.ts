import { describe, expect, it } from 'vitest';
import { checksWithViolations, violationsBySpan } from '../src/checks/violationMarks.ts';

describe('violationsBySpan', () => {
  it('maps each offending span to the checks it offends, once each, in the journey’s order', () => {
    const marks = violationsBySpan([
      { check: 'double_charge', spanIds: ['a', 'b'] },
      { check: 'cancel_after_confirm', spanIds: ['b', 'c'] },
      { check: 'double_charge', spanIds: ['a'] },
    ]);
    expect(Object.fromEntries(marks)).toEqual({
      a: ['double_charge'],
      b: ['double_charge', 'cancel_after_confirm'],
      c: ['cancel_after_confirm'],
    });
  });
  it('marks nothing for a trace or a journey without violations', () => {
    expect(violationsBySpan(undefined).size).toBe(0);
    expect(violationsBySpan([]).size).toBe(0);
  });
});

describe('checksWithViolations', () => {
  it('keeps the checks that fired', () => {
    expect(checksWithViolations([{ violations: 0 }, { violations: 3 }])).toEqual([{ violations: 3 }]);
  });
});
