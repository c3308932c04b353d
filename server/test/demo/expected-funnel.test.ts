import { describe, expect, it } from 'vitest';
import { planPayment } from '../../src/demo/payment-plan.ts';
import type {
  PaymentPlan,
  PlannedKind,
  PlannedSpan,
  PlannedTrace,
  TraceKind,
} from '../../src/demo/plan-types.ts';
import { linkSchema } from '../../src/link/definition.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { expectedFunnel, journeysOf } from './expected-funnel.ts';

const tiny = linkSchema.parse({
  name: 'tiny',
  journeyKey: ['order.id'],
  steps: [
    { id: 'a', match: { span: 'a' } },
    { id: 'b', match: { span: 'b' }, timeoutMs: 100 },
    { id: 'c', match: { span: 'c' } },
  ],
});

/** `name@start-end`, `!` for an error, `k=KEY` for a key, `^parent`, `~link`. */
function span(text: string): PlannedSpan {
  const [name, start, end] = text.split(/[@ -]/) as [string, string, string];
  const key = /k=(\w+)/.exec(text)?.[1];
  return {
    ref: `${name}${start}`,
    parentRef: /\^(\w+)/.exec(text)?.[1],
    linkRefs: /~(\w+)/.exec(text) ? [/~(\w+)/.exec(text)![1]!] : undefined,
    service: 'order-svc',
    name,
    kind: 'internal' as PlannedKind,
    startMs: Number(start),
    endMs: Number(end),
    status: text.includes('!') ? 'error' : 'unset',
    attributes: key ? { 'order.id': key } : {},
  };
}

function plan(orderId: string, ...traces: string[][]): PaymentPlan {
  const planned = traces.map(
    (spans): PlannedTrace => ({ kind: 'checkout' as TraceKind, spans: spans.map(span), logs: [], endMs: 0 }),
  );
  return { index: 0, orderId, channel: 'card', amount: 1, currency: 'USD', outcome: 'paid', traces: planned };
}

describe('expectedFunnel on drawn journeys', () => {
  const plans = [
    // Retried at b (an error, then a success), c in a key-less trace linked to the first one.
    plan('k1', ['e@0-50 k=k1', 'a@1-5 ^e0', 'b@6-9 ! ^e0', 'b@10-20 ^e0'], ['c@60-70 ~a1']),
    // b lasts its whole budget: a timeout, so b failed and c is never entered.
    plan('k2', ['e@0-200 k=k2', 'a@1-5 ^e0', 'b@6-106 ^e0']),
    // Dropped after a.
    plan('k3', ['e@0-10 k=k3', 'a@1-5 ^e0']),
    // Neither key nor link: a journey of its own trace, in no step.
    plan('k4', ['x@0-5']),
  ];

  it('names journeys by key, by link, else by trace', () => {
    const journeys = journeysOf(plans, tiny);
    expect([...journeys.keys()].sort()).toEqual(['k1', 'k2', 'k3', 'trace:k4#0']);
    expect(journeys.get('k1')!.map((s) => s.ref)).toEqual(['e0', 'a1', 'b6', 'b10', 'c60']);
  });

  it('counts entered, succeeded, failed, dropped, attempts and retried per step', () => {
    expect(expectedFunnel(plans, tiny)).toEqual({
      // k4's trace has no span of a step: it is no journey of the link (DESIGN.md).
      journeys: 3,
      steps: [
        { step: 'a', entered: 3, succeeded: 3, failed: 0, dropped: 0, attempts: 3, retried: 0 },
        { step: 'b', entered: 2, succeeded: 1, failed: 1, dropped: 1, attempts: 3, retried: 1 },
        { step: 'c', entered: 1, succeeded: 1, failed: 0, dropped: 0, attempts: 1, retried: 0 },
      ],
      completed: 1,
    });
  });
});

describe('expectedFunnel on the demo', () => {
  const link = loadLinkFile(DEFAULT_LINK_FILE);
  const plans = Array.from({ length: 1500 }, (_, i) => planPayment(i, { seed: 5, runId: 'funnel' }));
  const funnel = expectedFunnel(plans, link);
  const step = (id: string) => funnel.steps.find((s) => s.step === id)!;

  it('has one journey per payment and entered = succeeded + failed at every step', () => {
    expect(funnel.journeys).toBe(plans.length);
    for (const s of funnel.steps) expect(s.entered, s.step).toBe(s.succeeded + s.failed);
    expect(step('create_order').entered).toBe(plans.length);
  });

  it('shows retries at channel_pay, redeliveries after it, and stuck payments as callback drop-offs', () => {
    expect(step('channel_pay').retried).toBeGreaterThan(0);
    expect(step('channel_pay').attempts).toBe(step('channel_pay').entered + step('channel_pay').retried);
    expect(step('order_update').retried).toBeGreaterThan(0);
    const stuck = plans.filter((p) => p.outcome === 'callback_missing').length;
    expect(step('payment_callback').dropped).toBe(stuck);
    expect(funnel.completed).toBe(step('notify').succeeded);
  });
});
