import { generateDataset } from '../fixtures/dataset.ts';
import type { E2ePaylens } from './paylens.ts';
import { type LinkedTrace, seedPayments } from './seed.ts';

export interface Seeded {
  /** Journey keys of the journeys with logs (trace A and, when called back, trace B). */
  orderIds: string[];
  /** Key-less consumer traces joined to a journey (one of orderIds) only by a span link. */
  linkedTraces: LinkedTrace[];
  bigTraceId: string | null;
}

/**
 * The end-to-end data set: the shared payment-link dataset (every timeout kind, cancellations,
 * retries, drop-outs, keyless journeys) plus journeys with correlated logs and, optionally, one big
 * trace; all in the last hour before `nowMs`.
 */
export async function seedStore(
  paylens: E2ePaylens,
  nowMs: number,
  options: { bigTraceSpans?: number } = {},
): Promise<Seeded> {
  const journeys = 200;
  const dataset = generateDataset({
    seed: 11,
    journeys,
    fromMs: nowMs - 50 * 60_000,
    spacingMs: (40 * 60_000) / journeys,
    failureBoost: 3,
  });
  const withLogs = seedPayments({ nowMs, journeys: 40, bigTraceSpans: options.bigTraceSpans });
  await paylens.insert('spans', [...dataset.rows, ...withLogs.spans]);
  await paylens.insert('logs', withLogs.logs);
  return {
    orderIds: withLogs.orderIds,
    linkedTraces: withLogs.linkedTraces,
    bigTraceId: withLogs.bigTraceId,
  };
}
