import { durationMsOf, type ModelSpan, nearestRankOf, type PaymentDataset } from './interop-payments.ts';

/**
 * What the API should answer for an interop dataset, computed from the spans' intended meaning
 * (interop-payments.ts) with plain arithmetic: nothing here calls paylens code.
 */
export const LINK_STEPS = [
  'create_order',
  'risk_check',
  'inventory_try',
  'payment_create',
  'channel_pay',
  'payment_callback',
  'order_update',
  'inventory_confirm',
  'notify',
  'inventory_cancel',
] as const;

/** The funnel's stages: the link's steps but the Cancel (a compensation, inFunnel: false). */
export const FUNNEL_STAGES = LINK_STEPS.filter((step) => step !== 'inventory_cancel');

const QUANTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 } as const;

export interface ExpectedStep {
  step: string;
  count: number;
  errors: number;
  timeouts: number;
  quantiles: Record<keyof typeof QUANTILES | 'max', number | null>;
}

export function expectedSteps(spans: readonly ModelSpan[]): ExpectedStep[] {
  return LINK_STEPS.map((step) => {
    const ofStep = spans.filter((span) => span.step === step);
    const durations = ofStep.map(durationMsOf);
    const quantiles = Object.fromEntries(
      Object.entries(QUANTILES).map(([name, q]) => [name, nearestRankOf(durations, q)]),
    ) as ExpectedStep['quantiles'];
    quantiles.max = durations.length > 0 ? Math.max(...durations) : null;
    return {
      step,
      count: ofStep.length,
      errors: ofStep.filter((span) => span.error).length,
      timeouts: ofStep.filter((span) => span.timeout).length,
      quantiles,
    };
  });
}

export interface ExpectedFunnelStep {
  step: string;
  entered: number;
  succeeded: number;
  dropped: number;
}

/** Journeys as the unit: entered = has a span of the step; succeeded = one neither error nor timeout. */
export function expectedFunnel(dataset: PaymentDataset): { journeys: number; steps: ExpectedFunnelStep[] } {
  const byJourney = dataset.journeys.map((journey) =>
    dataset.spans.filter((s) => s.journey === journey.index),
  );
  const entered = (spans: ModelSpan[], step: string) => spans.some((s) => s.step === step);
  const succeeded = (spans: ModelSpan[], step: string) =>
    spans.some((s) => s.step === step && !s.error && !s.timeout);
  const steps = FUNNEL_STAGES.map((step, index) => {
    const previous = FUNNEL_STAGES[index - 1];
    return {
      step,
      entered: byJourney.filter((spans) => entered(spans, step)).length,
      succeeded: byJourney.filter((spans) => succeeded(spans, step)).length,
      dropped:
        previous === undefined
          ? 0
          : byJourney.filter((spans) => succeeded(spans, previous) && !entered(spans, step)).length,
    };
  });
  return { journeys: dataset.journeys.length, steps };
}

export interface ExpectedTrace {
  traceId: string;
  spanCount: number;
  status: 'ok' | 'error';
  rootService: string;
  rootName: string;
  durationMs: number;
  steps: string[];
}

export function expectedTraces(spans: readonly ModelSpan[]): ExpectedTrace[] {
  const traces = new Map<string, ModelSpan[]>();
  for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  return [...traces.entries()].map(([traceId, ofTrace]) => {
    const root = ofTrace.find((span) => span.parentSpanId === '')!;
    const starts = ofTrace.map((span) => span.startNs).sort(compareBigInt);
    const ends = ofTrace.map((span) => span.endNs).sort(compareBigInt);
    return {
      traceId,
      spanCount: ofTrace.length,
      status: ofTrace.some((span) => span.error) ? 'error' : 'ok',
      rootService: root.resource['service.name'] ?? '',
      rootName: root.name,
      durationMs: Number(ends.at(-1)! - starts[0]!) / 1e6,
      steps: LINK_STEPS.filter((step) => ofTrace.some((span) => span.step === step)),
    };
  });
}

/** A waterfall span's expected classification: step, status, kind and timeout. */
export function expectedSpanView(span: ModelSpan): [string, string | null, string, string, boolean, number] {
  return [span.spanId, span.step, span.status, span.kind, span.timeout, durationMsOf(span)];
}

function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
