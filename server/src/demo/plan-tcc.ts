import { channelAttributes, type PlanContext, type TraceDraft } from './plan-draft.ts';
import type { PlannedSpan } from './plan-types.ts';

/**
 * The inventory reservation as TCC: the Try is `inventory.try` in the checkout; the Confirm
 * (`inventory.confirm`) follows the order being marked paid; the Cancel (`inventory.cancel`)
 * releases the reservation of a payment that failed. The anomalies the link's consistency checks
 * find are injected here at a low rate, drawn from a random stream of their own (the rest of a
 * payment's plan does not move when they change).
 */
export const TCC_ANOMALIES = {
  /** The gateway's retry timer fired while the first call was still charging: charged twice. */
  doubleCharge: 0.01,
  /** A Cancel (from the reservation's timeout) delivered after the Confirm: suspended. */
  cancelAfterConfirm: 0.01,
  /** After a refused order (no Try made), order-svc cancels the reservation anyway: empty rollback. */
  emptyRollback: 0.4,
  /** The Confirm fails four times and is retried: five attempts. */
  confirmStorm: 0.01,
  /** The payment.succeeded message is lost: the order is never marked paid. */
  updateLost: 0.01,
} as const;

export type TccAnomaly = keyof typeof TCC_ANOMALIES;

/** Whether this payment gets the anomaly (recorded in the plan's `anomalies`). */
export function anomaly(ctx: Pick<PlanContext, 'tcc' | 'anomalies'>, which: TccAnomaly): boolean {
  const injected = ctx.tcc.chance(TCC_ANOMALIES[which]);
  if (injected) ctx.anomalies.push(which);
  return injected;
}

function inventoryCall(
  ctx: PlanContext,
  draft: TraceDraft,
  ref: string,
  parentRef: string,
  name: string,
  startMs: number,
  durationMs: number,
): PlannedSpan {
  return draft.span({
    ref,
    parentRef,
    service: 'inventory-svc',
    name,
    kind: 'server',
    startMs,
    endMs: startMs + durationMs,
    status: 'unset',
    attributes: { ...channelAttributes(ctx), 'tcc.action': name.slice('inventory.'.length) },
  });
}

/** Cancel: releases the reservation, under `parentRef` from `startMs`. */
export function planCancel(
  ctx: PlanContext,
  draft: TraceDraft,
  parentRef: string,
  startMs: number,
  ref = 'cancel',
): PlannedSpan {
  return inventoryCall(
    ctx,
    draft,
    ref,
    parentRef,
    'inventory.cancel',
    startMs,
    3 + ctx.tcc.lognormal(6, 0.4),
  );
}

/**
 * Confirm after the order was marked paid (and, rarely, a storm of failed attempts first, or a
 * late Cancel after it). Returns when the last of them ends.
 */
export function planConfirm(
  ctx: PlanContext,
  draft: TraceDraft,
  parentRef: string,
  startMs: number,
  n: string,
): number {
  const { tcc } = ctx;
  const attempts = anomaly(ctx, 'confirmStorm') ? 5 : 1;
  let t = startMs;
  for (let i = 1; i <= attempts; i++) {
    const span = inventoryCall(
      ctx,
      draft,
      `confirm${n}.${i}`,
      parentRef,
      'inventory.confirm',
      t,
      2 + tcc.lognormal(5, 0.4),
    );
    if (i < attempts) {
      span.status = 'error';
      span.statusMessage = 'reservation locked by another transaction';
      span.attributes['error.type'] = 'lock_timeout';
    }
    t = span.endMs + (i < attempts ? 20 + tcc.lognormal(30, 0.3) : 0);
  }
  if (anomaly(ctx, 'cancelAfterConfirm')) {
    const cancel = planCancel(ctx, draft, parentRef, t + 5 + tcc.lognormal(40, 0.5), `cancel${n}`);
    cancel.attributes['tcc.cancel.reason'] = 'reservation timeout';
    t = cancel.endMs;
  }
  return t;
}
