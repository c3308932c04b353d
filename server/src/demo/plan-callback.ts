import { channelAttributes, httpServer, type PlanContext, TraceDraft } from './plan-draft.ts';
import { closeEntry, forwardAt, openEntry } from './plan-entry.ts';
import type { PlannedSpan, PlannedTrace } from './plan-types.ts';
import { sample } from './traffic-model.ts';

export interface CallbackPlan {
  /** One trace per webhook delivery; the channel delivers again when one fails. */
  traces: PlannedTrace[];
  /** The span that published payment.succeeded to the queue (in the successful delivery). */
  producer: PlannedSpan;
}

export const PAYMENT_EVENTS = 'payment.succeeded';

/**
 * Trace 3 (and 4 when the first delivery fails): the channel's asynchronous payment webhook, a
 * trace of its own (the channel propagates no trace context). POST /webhooks/{channel} on the API
 * gateway (the entry span: the webhook body names the order) → POST /callbacks/{channel} on
 * payment-svc (`payment_callback`) → verify, update the payment, publish payment.succeeded.
 */
export function planCallbacks(ctx: PlanContext, channelSpan: PlannedSpan): CallbackPlan {
  const { r, model, channel } = ctx;
  const firstAt = channelSpan.endMs + sample(r, model.callbackDelay[channel]);
  const first = planDelivery(ctx, firstAt, 1, !r.chance(model.callbackFailChance));
  if (first.producer) return { traces: [first.trace], producer: first.producer };
  // Updating the payment failed; the channel delivers the webhook again a few seconds later.
  const retryAt = first.trace.endMs + sample(r, model.callbackRetryDelay);
  const second = planDelivery(ctx, retryAt, 2, true);
  if (!second.producer) throw new Error('a successful delivery publishes the payment event');
  return { traces: [first.trace, second.trace], producer: second.producer };
}

interface Delivery {
  trace: PlannedTrace;
  producer?: PlannedSpan;
}

function planDelivery(ctx: PlanContext, startMs: number, attempt: number, succeeds: boolean): Delivery {
  const { r, model, channel } = ctx;
  const dims = channelAttributes(ctx);
  const n = String(attempt);
  const draft = new TraceDraft('callback');
  const entry = openEntry(ctx, draft, `webhook${n}`, '/webhooks/{channel}', startMs, {
    'payment.callback.attempt': attempt,
  });
  const path = `/callbacks/${channel}`;
  const callbackStart = forwardAt(ctx, entry);
  const callback = draft.span({
    ref: `callback${n}`,
    parentRef: entry.ref,
    service: 'payment-svc',
    name: `POST ${path}`,
    kind: 'server',
    startMs: callbackStart,
    endMs: callbackStart,
    status: 'unset',
    attributes: { ...dims, 'payment.callback.attempt': attempt },
  });
  draft.log(
    callback,
    callbackStart + 0.5,
    'INFO',
    `payment callback from ${channel}: trade status SUCCESS`,
    dims,
  );
  const verifyEnd = callbackStart + sample(r, model.callbackWork);
  draft.span({
    ref: `verify${n}`,
    parentRef: callback.ref,
    service: 'payment-svc',
    name: 'callback.verify_signature',
    kind: 'internal',
    startMs: callbackStart + 0.2,
    endMs: verifyEnd,
    status: 'unset',
    attributes: { ...dims },
  });
  const updateStart = verifyEnd + 0.3;
  const update = draft.span({
    ref: `payments.db${n}`,
    parentRef: callback.ref,
    service: 'payment-svc',
    name: 'UPDATE payments',
    kind: 'client',
    startMs: updateStart,
    endMs: updateStart + sample(r, model.markPaid) * 0.6,
    status: succeeds ? 'unset' : 'error',
    statusMessage: succeeds ? undefined : 'deadlock detected',
    attributes: {
      'db.system.name': 'postgresql',
      'db.operation.name': 'UPDATE',
      'db.collection.name': 'payments',
      'server.address': 'payments-db',
      ...(succeeds ? {} : { 'error.type': 'deadlock' }),
    },
  });
  let lastEnd = update.endMs;
  let producer: PlannedSpan | undefined;
  if (succeeds) {
    producer = draft.span({
      ref: `publish${n}`,
      parentRef: callback.ref,
      service: 'payment-svc',
      name: `publish ${PAYMENT_EVENTS}`,
      kind: 'producer',
      startMs: update.endMs + 0.2,
      endMs: update.endMs + 0.2 + r.lognormal(1.5, 0.4),
      status: 'unset',
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': PAYMENT_EVENTS,
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'publish',
        'messaging.message.id': r.hex(16),
      },
    });
    lastEnd = producer.endMs;
  }
  callback.endMs = lastEnd + 0.5 + r.next();
  callback.attributes = {
    ...callback.attributes,
    ...httpServer('/callbacks/{channel}', path, succeeds ? 200 : 500),
  };
  if (!succeeds) {
    callback.status = 'error';
    callback.statusMessage = 'could not update the payment: deadlock detected; the channel will retry';
    draft.log(callback, callback.endMs, 'ERROR', callback.statusMessage, dims);
  }
  closeEntry(ctx, entry, callback, `/webhooks/${channel}`);
  return { trace: draft.finish(), producer };
}
