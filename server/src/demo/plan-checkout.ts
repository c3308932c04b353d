import { channelAttributes, httpServer, type PlanContext, TraceDraft, timeoutEvent } from './plan-draft.ts';
import { closeEntry, forwardAt, openEntry } from './plan-entry.ts';
import { anomaly, planCancel } from './plan-tcc.ts';
import type { Outcome, PlannedSpan, PlannedTrace } from './plan-types.ts';
import { sample } from './traffic-model.ts';

export interface CheckoutPlan {
  trace: PlannedTrace;
  /** Set when the journey ends in this trace (a rejected or failed order). */
  outcome?: Outcome;
}

type RiskResult = 'approve' | 'reject' | 'unavailable' | 'timeout';

/**
 * Trace 1, from offset 0: POST /checkout on the API gateway (the entry span, with the order id)
 * → POST /orders on order-svc, calling risk-svc then inventory-svc.
 */
export function planCheckout(ctx: PlanContext): CheckoutPlan {
  const { r, model } = ctx;
  const dims = channelAttributes(ctx);
  const draft = new TraceDraft('checkout');
  const value = { 'payment.amount': ctx.amount, 'payment.currency': ctx.currency };
  const entry = openEntry(ctx, draft, 'checkout', '/checkout', 0, value);
  const ordersStart = forwardAt(ctx, entry);
  const orders = draft.span({
    ref: 'orders',
    parentRef: entry.ref,
    service: 'order-svc',
    name: 'POST /orders',
    kind: 'server',
    startMs: ordersStart,
    endMs: ordersStart, // set once the children are placed
    status: 'unset',
    attributes: { ...dims, ...value },
  });

  const risk = planRisk(ctx, draft, ordersStart + sample(r, model.orderWork));
  let endMs = risk.span.endMs + r.next() * 2;
  let status = 201;
  let outcome: Outcome | undefined;
  if (risk.result === 'reject') {
    status = 403;
    outcome = 'risk_rejected';
    draft.log(
      orders,
      endMs,
      'WARN',
      `order ${ctx.orderId} rejected by risk: ${risk.span.statusMessage}`,
      dims,
    );
  } else if (risk.result !== 'approve') {
    status = 503;
    outcome = 'risk_unavailable';
    draft.log(orders, endMs, 'ERROR', `risk check failed, order refused: ${risk.span.statusMessage}`, dims);
  }
  if (outcome && anomaly(ctx, 'emptyRollback')) {
    // A refused order's clean-up cancels the reservation though no Try was made: an empty rollback.
    endMs = planCancel(ctx, draft, orders.ref, endMs + 0.5).endMs + 0.5;
  }
  if (!outcome) {
    const inventory = planInventory(ctx, draft, endMs);
    endMs = inventory.endMs + sample(r, model.orderWork);
    if (inventory.status === 'error') {
      status = 409;
      outcome = 'out_of_stock';
      draft.log(orders, endMs, 'WARN', `order ${ctx.orderId} not created: ${inventory.statusMessage}`, dims);
    } else {
      draft.log(orders, endMs, 'INFO', `order ${ctx.orderId} created`, dims);
    }
  }
  orders.endMs = endMs;
  orders.attributes = { ...orders.attributes, ...httpServer('/orders', '/orders', status) };
  if (status >= 500) {
    orders.status = 'error';
    orders.statusMessage = 'risk check unavailable';
  }
  closeEntry(ctx, entry, orders, '/checkout');
  return { trace: draft.finish(), outcome };
}

function planRisk(
  ctx: PlanContext,
  draft: TraceDraft,
  startMs: number,
): { span: PlannedSpan; result: RiskResult } {
  const { r, model } = ctx;
  const dims = channelAttributes(ctx);
  const span = draft.span({
    ref: 'risk',
    parentRef: 'orders',
    service: 'risk-svc',
    name: 'risk.evaluate',
    kind: 'server',
    startMs,
    endMs: startMs,
    status: 'unset',
    attributes: { ...dims },
  });
  const deadline = model.riskDeadlineMs;
  let result: RiskResult = 'approve';
  if (r.chance(model.riskUnavailableChance)) {
    result = 'unavailable';
    span.endMs = startMs + r.lognormal(4, 0.4);
    span.status = 'error';
    span.statusMessage = 'UNAVAILABLE: risk-engine connection refused';
    span.attributes['error.type'] = 'unavailable';
  } else {
    const hang = r.chance(model.riskHangChance);
    const durationMs = hang ? deadline * 2 : sample(r, model.risk);
    if (durationMs >= deadline) {
      result = 'timeout';
      span.endMs = startMs + deadline + r.next() * 2;
      span.status = 'error';
      span.statusMessage = `deadline exceeded: risk evaluation took longer than ${deadline} ms`;
      span.attributes['error.type'] = 'timeout';
      span.events = [timeoutEvent(span.endMs, span.statusMessage)];
    } else {
      span.endMs = startMs + durationMs;
      const score = Math.round(r.next() ** 3 * 1000) / 1000;
      result = r.chance(model.riskRejectChance) ? 'reject' : 'approve';
      span.attributes['risk.score'] = result === 'reject' ? 0.9 + score / 10 : score;
      span.attributes['risk.decision'] = result;
      if (result === 'reject') {
        span.status = 'error';
        span.statusMessage = `rejected by rule ${r.weighted({ velocity_24h: 3, device_blacklist: 1, amount_spike: 2 })}`;
      }
      // Where the time went inside the risk engine: rules, then the model.
      const split = startMs + durationMs * (0.3 + r.next() * 0.3);
      const child = { parentRef: 'risk', service: 'risk-svc', kind: 'internal', status: 'unset' } as const;
      draft.span({
        ...child,
        ref: 'risk.rules',
        name: 'rules.evaluate',
        startMs: startMs + 0.2,
        endMs: split,
        attributes: { ...dims },
      });
      draft.span({
        ...child,
        ref: 'risk.model',
        name: 'model.score',
        startMs: split,
        endMs: span.endMs - 0.2,
        attributes: { ...dims },
      });
      draft.log(
        span,
        span.endMs - 0.1,
        'INFO',
        `risk decision ${result} score=${span.attributes['risk.score']}`,
        dims,
      );
    }
  }
  return { span, result };
}

function planInventory(ctx: PlanContext, draft: TraceDraft, startMs: number): PlannedSpan {
  const { r, model } = ctx;
  const dims = channelAttributes(ctx);
  const durationMs = sample(r, model.inventory);
  const sku = `SKU-${r.int(1000, 1400)}`;
  const span = draft.span({
    ref: 'inventory',
    parentRef: 'orders',
    service: 'inventory-svc',
    name: 'inventory.try',
    kind: 'server',
    startMs,
    endMs: startMs + durationMs,
    status: 'unset',
    attributes: { ...dims, 'inventory.sku': sku },
  });
  draft.span({
    ref: 'inventory.db',
    parentRef: 'inventory',
    service: 'inventory-svc',
    name: 'UPDATE inventory_stock',
    kind: 'client',
    startMs: startMs + durationMs * 0.15,
    endMs: startMs + durationMs * 0.85,
    status: 'unset',
    attributes: {
      'db.system.name': 'postgresql',
      'db.operation.name': 'UPDATE',
      'db.collection.name': 'inventory_stock',
      'server.address': 'inventory-db',
    },
  });
  if (r.chance(model.outOfStockChance)) {
    span.status = 'error';
    span.statusMessage = `OUT_OF_STOCK: ${sku} has no stock left`;
    span.attributes['error.type'] = 'out_of_stock';
    draft.log(span, span.endMs - 0.1, 'WARN', span.statusMessage, { ...dims, 'inventory.sku': sku });
  }
  return span;
}
