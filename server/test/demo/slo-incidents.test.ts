import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/demo/catalog.ts';
import { planPayment } from '../../src/demo/payment-plan.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { allSpans, outcomeOf, stepOf } from './plan-steps.ts';

// The demo link's SLOs hold on healthy traffic (burn rate under 1) and the simulator's incidents
// burn them: risk-down pages on create_order (over 14.4, the fast-burn page), wechatpay-slow on
// payment_create (over 6, the medium-burn page).

const link = loadLinkFile(DEFAULT_LINK_FILE);

function burnRates(incident: Incident | undefined): Record<string, number> {
  const counts = new Map<string, { total: number; bad: number }>();
  for (let index = 0; index < 2500; index++)
    for (const span of allSpans(planPayment(index, { seed: 3, runId: 'slo', incident }))) {
      const step = link.steps.find((s) => s.id === stepOf(span, link));
      if (!step?.slo) continue;
      const outcome = outcomeOf(span, link);
      const tooSlow = step.slo.latencyMs !== undefined && span.endMs - span.startMs > step.slo.latencyMs;
      const entry = counts.get(step.id) ?? { total: 0, bad: 0 };
      entry.total++;
      if (outcome.error || outcome.timeout || tooSlow) entry.bad++;
      counts.set(step.id, entry);
    }
  return Object.fromEntries(
    [...counts].map(([step, c]) => {
      const objective = link.steps.find((s) => s.id === step)!.slo!.objective;
      return [step, c.bad / c.total / (1 - objective / 100)];
    }),
  );
}

describe('the demo link’s SLOs', () => {
  it('are on the user-facing steps and hold on healthy traffic', () => {
    const rates = burnRates(undefined);
    expect(Object.keys(rates).sort()).toEqual(['create_order', 'payment_callback', 'payment_create']);
    for (const [step, rate] of Object.entries(rates)) expect(rate, step).toBeLessThan(1);
  });

  it('burn under the incidents', () => {
    expect(burnRates('risk-down').create_order).toBeGreaterThan(14.4);
    expect(burnRates('wechatpay-slow').payment_create).toBeGreaterThan(6);
  });
});
