import type { PaymentPlan, PlannedSpan } from '../../src/demo/plan-types.ts';
import type { LinkDefinition } from '../../src/link/definition.ts';
import { keyOf, outcomeOf, stepOf } from './plan-steps.ts';

/**
 * What paylens' funnel over a set of planned payments should say, worked out from the plans (pure
 * data) with DESIGN.md's definitions, to hold paylens' answer on the demo's traffic against.
 */

export interface ExpectedStep {
  step: string;
  entered: number;
  succeeded: number;
  failed: number;
  dropped: number;
  attempts: number;
  retried: number;
}

export interface ExpectedFunnel {
  journeys: number;
  steps: ExpectedStep[];
  /** Journeys that succeeded at the last step. */
  completed: number;
}

const LINK_HOPS = 5;

/**
 * Spans by journey, per DESIGN.md: a trace's key is the first key on any of its spans; a trace
 * with none joins the journey of a trace it links to (a few hops deep); a span with a key of its
 * own belongs to that key's journey; anything else is a journey named by its trace.
 */
export function journeysOf(plans: readonly PaymentPlan[], link: LinkDefinition): Map<string, PlannedSpan[]> {
  const journeys = new Map<string, PlannedSpan[]>();
  for (const plan of plans) {
    const traceOf = new Map<string, number>();
    plan.traces.forEach((trace, i) => {
      for (const span of trace.spans) traceOf.set(span.ref, i);
    });
    const ownKey = plan.traces.map((trace) => trace.spans.map((s) => keyOf(s, link)).find(Boolean));
    const keyOfTrace = (i: number, hops: number): string | undefined => {
      if (ownKey[i] || hops === 0) return ownKey[i];
      const linked = plan.traces[i]!.spans.flatMap((s) => s.linkRefs ?? []).map((ref) => traceOf.get(ref));
      return linked.map((j) => (j === undefined ? undefined : keyOfTrace(j, hops - 1))).find(Boolean);
    };
    plan.traces.forEach((trace, i) => {
      const traceKey = keyOfTrace(i, LINK_HOPS) ?? `trace:${plan.orderId}#${i}`;
      for (const span of trace.spans) {
        const key = keyOf(span, link) ?? traceKey;
        journeys.set(key, [...(journeys.get(key) ?? []), span]);
      }
    });
  }
  return journeys;
}

export function expectedFunnel(plans: readonly PaymentPlan[], link: LinkDefinition): ExpectedFunnel {
  const journeys = [...journeysOf(plans, link).values()].map((spans) => {
    const byStep = new Map<string, PlannedSpan[]>();
    for (const span of spans) {
      const step = stepOf(span, link);
      if (step) byStep.set(step, [...(byStep.get(step) ?? []), span]);
    }
    return byStep;
  });
  const succeededAt = (byStep: Map<string, PlannedSpan[]>, step: string | undefined) =>
    step !== undefined &&
    (byStep.get(step) ?? []).some((span) => {
      const outcome = outcomeOf(span, link);
      return !outcome.error && !outcome.timeout;
    });
  const steps = link.steps.map(({ id }, i): ExpectedStep => {
    const previous = link.steps[i - 1]?.id;
    const entered = journeys.filter((j) => j.has(id));
    const succeeded = entered.filter((j) => succeededAt(j, id)).length;
    return {
      step: id,
      entered: entered.length,
      succeeded,
      failed: entered.length - succeeded,
      dropped: journeys.filter((j) => succeededAt(j, previous) && !j.has(id)).length,
      attempts: entered.reduce((sum, j) => sum + j.get(id)!.length, 0),
      retried: entered.filter((j) => j.get(id)!.length > 1).length,
    };
  });
  const last = link.steps.at(-1)?.id;
  return {
    journeys: journeys.length,
    steps,
    completed: journeys.filter((j) => succeededAt(j, last)).length,
  };
}
