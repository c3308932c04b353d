import type { SpanSpec } from './journey-shapes.ts';
import { TccJourney } from './tcc-journeys.ts';

/** A violation a scenario was written to have: when, and which spans. */
export interface ExpectedViolation {
  atMs: number;
  spans: SpanSpec[];
}

export interface CheckScenario {
  journey: TccJourney;
  /** Check id → the violation written into it; checks not named must not fire. */
  violates: Record<string, ExpectedViolation>;
}

const WITHIN_MS = 60_000;

/**
 * Journeys that violate each check of test/fixtures/checks-link.yaml and journeys that must not,
 * with the edge cases of issue #14 (equal timestamps, a Cancel after a failed Confirm, a retry that
 * failed, a callback still within its window), starting two minutes apart from `fromMs`; the last
 * one's callback ends within a minute of `toMs` (not judged yet).
 */
export function checkScenarios(prefix: string, fromMs: number, toMs: number): CheckScenario[] {
  const scenarios: CheckScenario[] = [];
  let n = 0;
  const journey = (startMs?: number) =>
    new TccJourney(`${prefix}-${n}`, startMs ?? fromMs + 60_000 + n++ * 120_000);
  /** A paid journey: order, Try, one channel call, callback, order update, Confirm. */
  const paid = (j: TccJourney) => {
    j.add('create_order', 2, 30);
    j.add('inventory_try', 40, 20);
    j.add('channel_pay', 70, 300);
    j.add('payment_callback', 1_000, 40);
    j.add('order_update', 1_100, 30);
    j.add('inventory_confirm', 1_200, 20);
    return j;
  };
  const add = (j: TccJourney, violates: Record<string, ExpectedViolation> = {}) =>
    scenarios.push({ journey: j, violates });

  add(paid(journey()));
  {
    // Charged twice: a retry after a call the caller gave up on, though the channel had charged.
    const j = paid(journey());
    const again = j.add('channel_pay', 400, 250);
    add(j, { double_charge: { atMs: again.startMs, spans: [j.steps[2]!, again] } });
  }
  {
    // Two successful charges starting at the same instant.
    const j = journey();
    j.add('inventory_try', 40, 20);
    const a = j.add('channel_pay', 70, 300);
    const b = j.add('channel_pay', 70, 280);
    add(j, { double_charge: { atMs: a.startMs, spans: [a, b] } });
  }
  {
    // A retry that failed, and a failed call retried with success: one charge each.
    const j = paid(journey());
    j.add('channel_pay', 400, 3_000, 'gateway timeout');
    add(j);
    const k = journey();
    k.add('inventory_try', 40, 20);
    k.add('channel_pay', 70, 3_000, 'gateway timeout');
    k.add('channel_pay', 3_100, 300);
    add(k);
  }
  {
    // Cancel delivered after Confirm: suspended.
    const j = paid(journey());
    const cancel = j.add('inventory_cancel', 1_500, 10);
    add(j, { cancel_after_confirm: { atMs: cancel.startMs, spans: [cancel, j.steps[5]!] } });
  }
  {
    // Cancel starting the very instant Confirm ended; Cancel after a failed Confirm.
    const j = paid(journey());
    j.add('inventory_cancel', 1_220, 10);
    add(j);
    const k = journey();
    k.add('inventory_try', 40, 20);
    k.add('inventory_confirm', 1_200, 20, 'stock service unavailable');
    k.add('inventory_cancel', 1_500, 10);
    add(k);
  }
  {
    // Cancel with no Try (an empty rollback), and a Try arriving after its Cancel.
    const j = journey();
    j.add('create_order', 2, 30);
    j.add('channel_pay', 70, 300, 'card declined');
    const cancel = j.add('inventory_cancel', 500, 10);
    add(j, { empty_rollback: { atMs: cancel.startMs, spans: [cancel] } });
    const k = journey();
    const early = k.add('inventory_cancel', 30, 10);
    k.add('inventory_try', 60, 20);
    add(k, { empty_rollback: { atMs: early.startMs, spans: [early] } });
  }
  {
    // Try and Cancel starting at the same instant: not empty.
    const j = journey();
    j.add('inventory_try', 30, 20);
    j.add('inventory_cancel', 30, 10);
    add(j);
  }
  {
    // Confirm retried five times; three times is within the limit.
    const j = journey();
    j.add('inventory_try', 40, 20);
    const confirms = [0, 1, 2, 3, 4].map((i) =>
      j.add('inventory_confirm', 1_200 + i * 100, 20, i < 4 ? 'timeout' : undefined),
    );
    add(j, { confirm_storm: { atMs: confirms[3]!.startMs, spans: confirms } });
    const k = journey();
    k.add('inventory_try', 40, 20);
    for (const i of [0, 1, 2]) k.add('inventory_confirm', 1_200 + i * 100, 20, i < 2 ? 'timeout' : undefined);
    add(k);
  }
  {
    // Paid callbacks whose order update never happens, comes too late, or fails.
    const j = journey();
    j.add('inventory_try', 40, 20);
    j.add('channel_pay', 70, 300);
    const cb = j.add('payment_callback', 1_000, 40);
    add(j, { paid_not_updated: { atMs: cb.endMs + WITHIN_MS, spans: [cb] } });
    const k = journey();
    const cb2 = k.add('payment_callback', 1_000, 40);
    k.add('order_update', 1_040 + WITHIN_MS + 60, 30);
    add(k, { paid_not_updated: { atMs: cb2.endMs + WITHIN_MS, spans: [cb2] } });
    const m = journey();
    const cb3 = m.add('payment_callback', 1_000, 40);
    m.add('order_update', 1_100, 30, 'deadlock');
    add(m, { paid_not_updated: { atMs: cb3.endMs + WITHIN_MS, spans: [cb3] } });
  }
  {
    // The update nested inside the callback, and one starting at the window's last instant.
    const j = journey();
    j.add('payment_callback', 1_000, 40);
    j.add('order_update', 1_005, 20);
    add(j);
    const k = journey();
    k.add('payment_callback', 1_000, 40);
    k.add('order_update', 1_040 + WITHIN_MS, 20);
    add(k);
  }
  {
    // A callback still within its window at the end of the range: not judged yet.
    const j = journey(toMs - 40_000);
    j.add('payment_callback', 1_000, 40);
    add(j);
  }
  return scenarios;
}
