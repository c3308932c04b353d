import { PAYMENT_EVENTS } from './plan-callback.ts';
import { channelAttributes, type PlanContext, TraceDraft } from './plan-draft.ts';
import { planConfirm } from './plan-tcc.ts';
import type { Attributes, PlannedSpan, PlannedTrace } from './plan-types.ts';
import { sample } from './traffic-model.ts';

/**
 * The asynchronous hop: order-svc consumes payment.succeeded, marks the order paid
 * (`order_update`) and has notification-svc tell the shopper (`notify`). Each delivery of the
 * message is a new trace with no parent, joined to the producer only by a span link, as the
 * OpenTelemetry messaging conventions have it; it names no order (the event carries the payment),
 * so it joins its journey through that link alone. When marking the order paid fails, the message
 * is delivered again: a second consumer trace, linked to the same producer.
 */
export function planConsumers(ctx: PlanContext, producer: PlannedSpan): PlannedTrace[] {
  const { r, model } = ctx;
  const firstAt = producer.endMs + sample(r, model.queueLag);
  const first = planDelivery(ctx, producer, firstAt, 1, !r.chance(model.consumerFailChance));
  if (first.succeeded) return [first.trace];
  const againAt = first.trace.endMs + sample(r, model.redeliveryDelay);
  return [first.trace, planDelivery(ctx, producer, againAt, 2, true).trace];
}

function messaging(producer: PlannedSpan): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': PAYMENT_EVENTS,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.consumer.group.name': 'order-svc',
    'messaging.message.id': producer.attributes['messaging.message.id'] ?? '',
  };
}

function planDelivery(
  ctx: PlanContext,
  producer: PlannedSpan,
  startMs: number,
  delivery: number,
  succeeds: boolean,
): { trace: PlannedTrace; succeeded: boolean } {
  const { r, model } = ctx;
  const dims = channelAttributes(ctx);
  const n = String(delivery);
  const draft = new TraceDraft('consumer');
  const consume = draft.span({
    ref: `consume${n}`,
    linkRefs: [producer.ref],
    service: 'order-svc',
    name: `process ${PAYMENT_EVENTS}`,
    kind: 'consumer',
    startMs,
    endMs: startMs,
    status: 'unset',
    attributes: { ...messaging(producer), 'messaging.kafka.message.delivery_count': delivery },
  });
  const markStart = startMs + 0.3;
  const markPaid = draft.span({
    ref: `markpaid${n}`,
    parentRef: consume.ref,
    service: 'order-svc',
    name: 'order.mark_paid',
    kind: 'internal',
    startMs: markStart,
    endMs: markStart + sample(r, model.markPaid),
    status: 'unset',
    attributes: { ...dims },
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
      'db.system.name': 'postgresql',
      'db.operation.name': 'UPDATE',
      'db.collection.name': 'orders',
      'server.address': 'orders-db',
    },
  });
  if (!succeeds) {
    markPaid.status = 'error';
    markPaid.statusMessage = 'could not mark order paid: deadlock detected';
    markPaid.attributes['error.type'] = 'deadlock';
    consume.status = 'error';
    consume.statusMessage = 'processing failed; the message will be delivered again';
    consume.endMs = markPaid.endMs + 0.3;
    draft.log(markPaid, markPaid.endMs, 'ERROR', markPaid.statusMessage, dims);
    return { trace: draft.finish(), succeeded: false };
  }
  draft.log(markPaid, markPaid.endMs - 0.2, 'INFO', 'order marked paid', dims);
  const confirmed = planConfirm(ctx, draft, consume.ref, markPaid.endMs + 0.2, n);
  const notify = planNotify(ctx, draft, consume, confirmed + 0.3, n);
  consume.endMs = notify.endMs + 0.3;
  return { trace: draft.finish(), succeeded: true };
}

function planNotify(
  ctx: PlanContext,
  draft: TraceDraft,
  consume: PlannedSpan,
  startMs: number,
  n: string,
): PlannedSpan {
  const { r, model } = ctx;
  const notifyMs = sample(r, model.notify);
  const notify = draft.span({
    ref: `notify${n}`,
    parentRef: consume.ref,
    service: 'notification-svc',
    name: 'notify.send',
    kind: 'server',
    startMs,
    endMs: startMs + notifyMs,
    status: 'unset',
    attributes: { ...channelAttributes(ctx), 'rpc.system': 'grpc', 'notify.channel': 'sms' },
  });
  const fails = r.chance(model.notifyFailChance);
  draft.span({
    ref: `sms${n}`,
    parentRef: notify.ref,
    service: 'notification-svc',
    name: 'POST /sms/send',
    kind: 'client',
    startMs: startMs + notifyMs * 0.1,
    endMs: startMs + notifyMs * 0.95,
    status: fails ? 'error' : 'unset',
    attributes: {
      'peer.service': 'sms-provider',
      'server.address': 'sms.provider.example',
      'http.request.method': 'POST',
      'http.response.status_code': fails ? 400 : 200,
    },
  });
  // notification-svc writes JSON lines; the event it was sent names the message, not the order.
  const fields = { channel: ctx.channel, message_id: String(consume.attributes['messaging.message.id']) };
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
  return notify;
}
