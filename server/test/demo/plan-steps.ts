import { classifyOutcome, type Outcome } from '../../src/analysis/outcome.ts';
import type { Attributes, PaymentPlan, PlannedSpan } from '../../src/demo/plan-types.ts';
import type { LinkDefinition } from '../../src/link/definition.ts';
import { classifyStep } from '../../src/link/match.ts';

/** Test helpers: planned spans seen the way paylens sees them once stored. */

const KIND_AS_STORED = {
  server: 'Server',
  client: 'Client',
  internal: 'Internal',
  producer: 'Producer',
  consumer: 'Consumer',
} as const;

export function asStrings(attributes: Attributes): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)]));
}

export function allSpans(plan: PaymentPlan): PlannedSpan[] {
  return plan.traces.flatMap((trace) => trace.spans);
}

/** The step paylens' own classifier gives the span, as the exporter would store it. */
export function stepOf(span: PlannedSpan, link: LinkDefinition): string | undefined {
  return classifyStep(
    {
      serviceName: span.service,
      spanName: span.name,
      spanKind: KIND_AS_STORED[span.kind],
      attributes: asStrings(span.attributes),
    },
    link,
  );
}

/** Error, timeout and cancellation per DESIGN.md, with the span's step budget. */
export function outcomeOf(span: PlannedSpan, link: LinkDefinition): Outcome {
  const step = link.steps.find((s) => s.id === stepOf(span, link));
  return classifyOutcome(
    {
      statusCode: span.status === 'error' ? 'Error' : 'Unset',
      durationNs: Math.round((span.endMs - span.startMs) * 1e6),
      attributes: asStrings(span.attributes),
      events: (span.events ?? []).map((e) => ({ attributes: asStrings(e.attributes) })),
    },
    step?.timeoutMs,
  );
}

/** The journey key attribute the span carries, if any. */
export function keyOf(span: PlannedSpan, link: LinkDefinition): string | undefined {
  for (const name of link.journeyKey) {
    const value = span.attributes[name];
    if (value !== undefined && value !== '') return String(value);
  }
  return undefined;
}

/** Traces of the refund link (plan-refund.ts), keyed by the refund id rather than the order id. */
export function isRefundTrace(trace: { kind: string }): boolean {
  return trace.kind === 'refund' || trace.kind === 'refund_callback';
}

/** The plan without its refund traces: the payment as the payment link sees it. */
export function withoutRefund(plan: PaymentPlan): PaymentPlan {
  return { ...plan, traces: plan.traces.filter((trace) => !isRefundTrace(trace)) };
}
