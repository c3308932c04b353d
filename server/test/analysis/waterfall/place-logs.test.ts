import { describe, expect, it } from 'vitest';
import { type LogInput, placeLogs } from '../../../src/analysis/waterfall/place-logs.ts';

const ORIGIN = 1_714_564_800_000_000_000n;

function log(offsetNs: bigint, body: string): LogInput {
  return {
    timeNs: ORIGIN + offsetNs,
    severity: 'INFO',
    body,
    traceId: 'T',
    spanId: 'S',
    service: 'svc',
    attributes: {},
  };
}

describe('placeLogs', () => {
  it('orders logs by time (stable) with offsets from the trace start, negative before it', () => {
    const placed = placeLogs(
      [log(2_000_001n, 'late'), log(-500_000n, 'before'), log(5n, 'a'), log(5n, 'b')],
      ORIGIN,
    );
    expect(placed.map((entry) => [entry.body, entry.offsetMs, entry.timestamp])).toEqual([
      ['before', -0.5, '2024-05-01T11:59:59.999500000Z'],
      ['a', 0.000005, '2024-05-01T12:00:00.000000005Z'],
      ['b', 0.000005, '2024-05-01T12:00:00.000000005Z'],
      ['late', 2.000001, '2024-05-01T12:00:00.002000001Z'],
    ]);
  });
});
