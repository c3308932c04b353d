import { type CheckDefinition, checkSteps } from '../link/check-schema.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { type CheckSpan, judgeJourney, type Violation } from './judge.ts';

/**
 * A stored journey's check spans as the store keeps them (schema 0047): step index in the link,
 * start and end (ns, decimal text), ok, SpanHash (decimal text), place of its trace in `traces`
 * (from 1).
 */
export type StoredCheckSpan = [
  step: number,
  startNs: string,
  endNs: string,
  ok: boolean,
  hash: string,
  trace: number,
];

export interface StoredJourney {
  key: string;
  /** The journey's traces (the store's Traces column). */
  traces: string[];
  spans: StoredCheckSpan[];
}

export interface StoredJudgement {
  judged: boolean;
  /** With the offending spans named by SpanHash. */
  violation?: Violation;
  /** The traces holding spans of the check's steps (what a violation names), sorted. */
  traceIds: string[];
}

/**
 * judge.ts over a stored journey's check spans that start in [fromNs, toNs): what check-sql.ts
 * computes from the same spans, for the few journeys a range judges again (its edges, its newest
 * violations).
 */
export function judgeStored(
  link: Pick<LinkDefinition, 'steps'>,
  check: CheckDefinition,
  journey: StoredJourney,
  range: { fromNs: bigint; toNs: bigint },
  nowNs: bigint,
): StoredJudgement {
  const inRange = journey.spans.filter(([, start]) => {
    const startNs = BigInt(start);
    return startNs >= range.fromNs && startNs < range.toNs;
  });
  const spans = inRange.map(
    ([step, start, end, ok, hash]): CheckSpan => ({
      spanId: hash,
      step: link.steps[step]?.id ?? '',
      startNs: BigInt(start),
      endNs: BigInt(end),
      ok,
    }),
  );
  const { judged, violation } = judgeJourney(check, spans, nowNs);
  const steps = new Set(checkSteps(check));
  const traceIds = [
    ...new Set(
      inRange
        .filter(([step]) => steps.has(link.steps[step]?.id ?? ''))
        .map(([, , , , , trace]) => journey.traces[trace - 1] ?? ''),
    ),
  ].sort();
  return violation ? { judged, violation, traceIds } : { judged, traceIds };
}
