import { httpServer, journeyAttributes, type PlanContext, TraceDraft } from './plan-draft.ts';
import type { PlannedSpan, PlannedTrace } from './plan-types.ts';
import { sample } from './traffic-model.ts';

/**
 * Trace 3 (and 4 when the first delivery fails): the channel's asynchronous payment callback.
 * POST /callbacks/<channel> on payment-svc → order.mark_paid on order-svc → an event on the
 * queue → notify.send on notification-svc (which writes JSON logs, not OTLP).
 */
export function planCallbacks(ctx: PlanContext, channelSpan: PlannedSpan): PlannedTrace[] {
  const { r, model, channel } = ctx;
  const firstAt = channelSpan.endMs + sample(r, model.callbackDelay[channel]);
  if (!r.chance(model.callbackFailChance)) return [planDelivery(ctx, firstAt, 1, true)];
  // The order update fails; the channel retries the notification a few seconds later.
  const failed = planDelivery(ctx, firstAt, 1, false);
  const retryAt = failed.endMs + sample(r, model.callbackRetryDelay);
  return [failed, planDelivery(ctx, retryAt, 2, true)];
}

function planDelivery(ctx: PlanContext, startMs: number, attempt: number, succeeds: boolean): PlannedTrace {
  const { r, model, channel } = ctx;
  const journey = journeyAttributes(ctx);
  const n = String(attempt);
  const draft = new TraceDraft('callback');
  const path = `/callbacks/${channel}`;
  const callback = draft.span({
    ref: `callback${n}`,
    linkRefs: ['channel'],
    service: 'payment-svc',
    name: `POST ${path}`,
    kind: 'server',
    startMs,
    endMs: startMs,
    status: 'unset',
    attributes: { ...journey, 'payment.callback.attempt': attempt },
  });
  draft.log(
    callback,
    startMs + 0.5,
    'INFO',
    `payment callback from ${channel}: trade status SUCCESS`,
    journey,
  );
  const verifyEnd = startMs + sample(r, model.callbackWork);
  draft.span({
    ref: `verify${n}`,
    parentRef: callback.ref,
    service: 'payment-svc',
    name: 'callback.verify_signature',
    kind: 'internal',
    startMs: startMs + 0.2,
    endMs: verifyEnd,
    status: 'unset',
    attributes: { ...journey },
  });
  const markStart = verifyEnd + 0.3;
  const markPaid = draft.span({
    ref: `markpaid${n}`,
    parentRef: callback.ref,
    service: 'order-svc',
    name: 'order.mark_paid',
    kind: 'server',
    startMs: markStart,
    endMs: markStart + sample(r, model.markPaid),
    status: 'unset',
    attributes: { ...journey },
  });
  const markMs = markPaid.endMs - markStart;
  draft.span({
    ref: `markpaid.db${n}`,
    parentRef: markPaid.ref,
    service: 'order-svc',
    name: 'UPDATE orders',
    kind: 'client',
    startMs: markStart + markMs * 0.2,
    endMs: markStart + markMs * 0.8,
    status: succeeds ? 'unset' : 'error',
    statusMessage: succeeds ? undefined : 'deadlock detected',
    attributes: {
      'payment.order_id': ctx.orderId,
      'db.system.name': 'postgresql',
      'db.operation.name': 'UPDATE',
      'db.collection.name': 'orders',
      'server.address': 'orders-db',
    },
  });
  callback.endMs = markPaid.endMs + 0.5 + r.next();
  callback.attributes = {
    ...callback.attributes,
    ...httpServer('/callbacks/{channel}', path, succeeds ? 200 : 500),
  };
  if (!succeeds) {
    markPaid.status = 'error';
    markPaid.statusMessage = 'could not mark order paid: deadlock detected';
    markPaid.attributes['error.type'] = 'deadlock';
    callback.status = 'error';
    callback.statusMessage = 'order update failed; the channel will retry';
    draft.log(markPaid, markPaid.endMs, 'ERROR', markPaid.statusMessage, journey);
    return draft.finish();
  }
  draft.log(markPaid, markPaid.endMs - 0.2, 'INFO', `order ${ctx.orderId} marked paid`, journey);
  planNotify(ctx, draft, markPaid, n);
  return draft.finish();
}

function planNotify(ctx: PlanContext, draft: TraceDraft, markPaid: PlannedSpan, n: string): void {
  const { r, model } = ctx;
  const journey = journeyAttributes(ctx);
  const publishStart = markPaid.endMs - 0.4;
  const publish = draft.span({
    ref: `publish${n}`,
    parentRef: markPaid.ref,
    service: 'order-svc',
    name: 'order.paid publish',
    kind: 'producer',
    startMs: publishStart,
    endMs: publishStart + 0.3,
    status: 'unset',
    attributes: { ...journey, 'messaging.system': 'kafka', 'messaging.destination.name': 'order.paid' },
  });
  const notifyStart = publish.endMs + sample(r, model.queueLag);
  const notifyMs = sample(r, model.notify);
  const notify = draft.span({
    ref: `notify${n}`,
    parentRef: publish.ref,
    service: 'notification-svc',
    name: 'notify.send',
    kind: 'consumer',
    startMs: notifyStart,
    endMs: notifyStart + notifyMs,
    status: 'unset',
    attributes: { ...journey, 'messaging.system': 'kafka', 'messaging.destination.name': 'order.paid' },
  });
  const fails = r.chance(model.notifyFailChance);
  draft.span({
    ref: `sms${n}`,
    parentRef: notify.ref,
    service: 'notification-svc',
    name: 'POST /sms/send',
    kind: 'client',
    startMs: notifyStart + notifyMs * 0.1,
    endMs: notifyStart + notifyMs * 0.95,
    status: fails ? 'error' : 'unset',
    attributes: {
      'payment.order_id': ctx.orderId,
      'peer.service': 'sms-provider',
      'server.address': 'sms.provider.example',
      'http.request.method': 'POST',
      'http.response.status_code': fails ? 400 : 200,
    },
  });
  const fields = { 'order.id': ctx.orderId, order_id: ctx.orderId, channel: ctx.channel };
  if (fails) {
    notify.status = 'error';
    notify.statusMessage = 'SMS provider rejected: invalid destination number';
    notify.attributes['error.type'] = 'rejected';
    draft.log(
      notify,
      notify.endMs,
      'ERROR',
      `notification failed: ${notify.statusMessage}`,
      fields,
      'ndjson',
    );
  } else {
    draft.log(notify, notify.endMs - 0.1, 'INFO', 'payment confirmation sent by sms', fields, 'ndjson');
  }
}
