import type { PaymentPlan, PlannedSpan } from '../../src/demo/plan-types.ts';
import { funnelSteps, type LinkDefinition } from '../../src/link/definition.ts';
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
  // A journey with no span of the link's steps is no journey of the link (DESIGN.md).
  return funnelOf(
    journeys.filter((byStep) => byStep.size > 0),
    link,
  );
}

/** The funnel over some of the journeys (a group of them, say). */
export function expectedFunnelOf(journeys: readonly PlannedJourney[], link: LinkDefinition): ExpectedFunnel {
  return funnelOf(
    journeys.map((j) => j.byStep),
    link,
  );
}

function funnelOf(journeys: readonly Map<string, PlannedSpan[]>[], link: LinkDefinition): ExpectedFunnel {
  const succeededAt = (byStep: Map<string, PlannedSpan[]>, step: string | undefined) =>
    step !== undefined &&
    (byStep.get(step) ?? []).some((span) => {
      const outcome = outcomeOf(span, link);
      return !outcome.error && !outcome.timeout;
    });
  // The funnel's stages (steps with inFunnel: false are no stage of it).
  const stages = funnelSteps(link);
  const steps = stages.map(({ id }, i): ExpectedStep => {
    const previous = stages[i - 1]?.id;
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
  const last = stages.at(-1)?.id;
  return {
    journeys: journeys.length,
    steps,
    completed: journeys.filter((j) => succeededAt(j, last)).length,
  };
}

/** Span times in nanoseconds from the plan's start, rounded as the exporter rows have them. */
const ns = (ms: number) => Math.round(ms * 1e6);

/** DESIGN.md's failure message of a failing span: status message, else error.type, else what failed. */
const MESSAGE_MAX_CHARS = 200;
export function failureMessage(span: PlannedSpan, link: LinkDefinition): string {
  const outcome = outcomeOf(span, link);
  const text =
    span.statusMessage ||
    String(span.attributes['error.type'] ?? '') ||
    (outcome.timeout ? 'timeout' : 'error');
  return [...text].slice(0, MESSAGE_MAX_CHARS).join('');
}

/** One journey of one payment plan, with its step spans in start order. */
export interface PlannedJourney {
  key: string;
  plan: PaymentPlan;
  spans: PlannedSpan[];
  byStep: Map<string, PlannedSpan[]>;
}

/**
 * The journeys of each plan (journeysOf per plan: the demo's keys never cross payments, so every
 * journey lies within one plan and its span times share the plan's origin).
 */
export function plannedJourneys(plans: readonly PaymentPlan[], link: LinkDefinition): PlannedJourney[] {
  const journeys = plans
    .flatMap((plan) =>
      [...journeysOf([plan], link)].map(([key, spans]): PlannedJourney => {
        const byStep = new Map<string, PlannedSpan[]>();
        for (const span of [...spans].sort((a, b) => a.startMs - b.startMs)) {
          const step = stepOf(span, link);
          if (step) byStep.set(step, [...(byStep.get(step) ?? []), span]);
        }
        return { key, plan, spans, byStep };
      }),
    )
    .filter((journey) => journey.byStep.size > 0); // no span of a step: no journey of the link
  if (new Set(journeys.map((j) => j.key)).size !== journeys.length) {
    throw new Error('a journey key spans two payment plans');
  }
  return journeys;
}

const ok = (span: PlannedSpan, link: LinkDefinition) => {
  const outcome = outcomeOf(span, link);
  return !outcome.error && !outcome.timeout;
};

/** The start of the journey's first span of the step, ns from its plan's start. */
export function firstStartNs(journey: PlannedJourney, step: string): number | undefined {
  const first = journey.byStep.get(step)?.[0];
  return first && ns(first.startMs);
}

/** The end of the journey's first (by start) successful span of the step, ns from its plan's start. */
export function firstOkEndNs(
  journey: PlannedJourney,
  step: string,
  link: LinkDefinition,
): number | undefined {
  const first = journey.byStep.get(step)?.find((span) => ok(span, link));
  return first && ns(first.endMs);
}

/** A journey's value of an attribute: the first one found on its spans, in start order. */
export function journeyAttribute(journey: PlannedJourney, attribute: string): string {
  const spans = [...journey.spans].sort((a, b) => a.startMs - b.startMs);
  return String(
    spans.find((span) => String(span.attributes[attribute] ?? '') !== '')?.attributes[attribute] ?? '',
  );
}

export interface ExpectedError {
  message: string;
  count: number;
  attempts: number;
}

export interface ExpectedStepDetails {
  step: string;
  /** Succeeded at the previous step, entered this one, and started it before the previous' first success ended. */
  overlapped: number;
  /** Waits from the previous step (ns, floored at 0), of journeys that succeeded there and entered here. */
  waitsNs: number[];
  /** All messages, ranked by journeys, then attempts, then message. */
  errors: ExpectedError[];
}

/** Overlaps, waits and failure messages per step (DESIGN.md "Funnel"), from the plans. */
export function expectedStepDetails(
  journeys: readonly PlannedJourney[],
  link: LinkDefinition,
): ExpectedStepDetails[] {
  const stages = funnelSteps(link);
  return stages.map(({ id }, i): ExpectedStepDetails => {
    const previous = stages[i - 1]?.id;
    const waits = journeys.flatMap((j) => {
      const okEnd = previous === undefined ? undefined : firstOkEndNs(j, previous, link);
      const start = firstStartNs(j, id);
      return okEnd === undefined || start === undefined ? [] : [start - okEnd];
    });
    const messages = new Map<string, ExpectedError>();
    const entry = (message: string) => {
      const found = messages.get(message) ?? { message, count: 0, attempts: 0 };
      messages.set(message, found);
      return found;
    };
    for (const j of journeys) {
      const spans = j.byStep.get(id) ?? [];
      const failing = spans.filter((span) => !ok(span, link));
      for (const span of failing) entry(failureMessage(span, link)).attempts++;
      if (spans.length > 0 && failing.length === spans.length)
        entry(failureMessage(failing.at(-1)!, link)).count++;
    }
    return {
      step: id,
      overlapped: waits.filter((w) => w < 0).length,
      waitsNs: waits.map((w) => Math.max(w, 0)),
      errors: [...messages.values()].sort(
        (a, b) =>
          b.count - a.count ||
          b.attempts - a.attempts ||
          (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
      ),
    };
  });
}

/**
 * Journey latency of the journeys that succeeded at the last step: from the first span start to
 * the last span end over all the journey's spans (entry and consumer traces included), ns.
 */
export function completedLatenciesNs(journeys: readonly PlannedJourney[], link: LinkDefinition): number[] {
  const last = funnelSteps(link).at(-1)!.id;
  return journeys
    .filter((j) => (j.byStep.get(last) ?? []).some((span) => ok(span, link)))
    .map(
      (j) => Math.max(...j.spans.map((s) => ns(s.endMs))) - Math.min(...j.spans.map((s) => ns(s.startMs))),
    );
}
