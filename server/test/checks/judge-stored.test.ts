import { describe, expect, it } from 'vitest';
import { judgeStored, type StoredCheckSpan } from '../../src/checks/judge-stored.ts';
import type { CheckDefinition } from '../../src/link/check-schema.ts';

const link = { steps: [{ id: 'try' }, { id: 'confirm' }, { id: 'cancel' }, { id: 'pay' }] };
const ms = (value: number) => (BigInt(value) * 1_000_000n).toString();
/** A stored span: step index, start and end in ms, ok, hash, trace place (from 1). */
const span = (
  step: number,
  startMs: number,
  endMs: number,
  ok: boolean,
  hash: string,
  trace: number,
): StoredCheckSpan => [step, ms(startMs), ms(endMs), ok, hash, trace];
const base = { severity: 'warning' as const };
const lateCancel: CheckDefinition = {
  ...base,
  id: 'late',
  kind: 'notAfter',
  step: 'cancel',
  after: 'confirm',
};
const once: CheckDefinition = { ...base, id: 'once', kind: 'atMostOnce', step: 'pay' };
const range = (fromMs: number, toMs: number) => ({ fromNs: BigInt(ms(fromMs)), toNs: BigInt(ms(toMs)) });
const NOW = BigInt(ms(10_000));

describe('judging a stored journey again', () => {
  const journey = {
    key: 'order-1',
    traces: ['trace-a', 'trace-b', 'trace-c'],
    spans: [
      span(0, 100, 110, true, '11', 1),
      span(1, 200, 210, true, '12', 2),
      span(2, 300, 310, true, '13', 3),
      span(3, 400, 410, true, '14', 1),
    ],
  };

  it('names steps by the link and traces by their place, those of the check steps only', () => {
    const got = judgeStored(link, lateCancel, journey, range(0, 1_000), NOW);
    expect(got.judged).toBe(true);
    expect(got.violation?.atNs).toBe(BigInt(ms(300)));
    expect(got.violation?.spanIds).toEqual(['12', '13']);
    expect(got.traceIds).toEqual(['trace-b', 'trace-c']);
  });

  it('reads only the spans that start in the range', () => {
    // Without the Confirm (before the range), the Cancel is not late.
    expect(judgeStored(link, lateCancel, journey, range(250, 1_000), NOW)).toEqual({
      judged: true,
      traceIds: ['trace-c'],
    });
    // Without the Cancel (at the range's end, excluded), the check does not judge the journey.
    expect(judgeStored(link, lateCancel, journey, range(0, 300), NOW).judged).toBe(false);
    expect(judgeStored(link, once, journey, range(0, 400), NOW)).toEqual({ judged: false, traceIds: [] });
  });
});
