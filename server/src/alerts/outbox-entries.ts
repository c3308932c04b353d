import { formatFor } from './formats/registry.ts';
import { receiverKeyOf, webhookIdOf } from './ids.ts';
import type { AlertNotification } from './notification.ts';
import type { OutboxEntry } from './outbox-repository.ts';
import type { AlertRule, Receiver } from './rule-types.ts';

export function receiverName(receiver: Receiver): string {
  return receiver.name ?? new URL(receiver.url).host;
}

/**
 * One outbox entry per enabled receiver of the rule, with the body formatted now (so every retry
 * sends the same bytes under the same webhook-id).
 */
export function outboxEntries(input: {
  rule: Pick<AlertRule, 'id' | 'receivers'>;
  notification: AlertNotification;
  atMs: number;
  nowMs: number;
  publicUrl: string;
  disabledReceivers: ReadonlyMap<string, string>;
}): OutboxEntry[] {
  const { rule, notification } = input;
  const entries: OutboxEntry[] = [];
  for (const receiver of rule.receivers) {
    const receiverKey = receiverKeyOf(rule.id, receiver.url);
    if (input.disabledReceivers.has(receiverKey)) continue;
    const webhookId = webhookIdOf(notification.eventId, receiverKey);
    const name = receiverName(receiver);
    const formatted = formatFor(receiver, notification, {
      webhookId,
      receiverName: name,
      publicUrl: input.publicUrl,
    });
    entries.push({
      receiverKey,
      webhookId,
      seq: input.atMs,
      ruleId: rule.id,
      eventId: notification.eventId,
      url: receiver.url,
      receiverName: name,
      contentType: formatted.contentType,
      body: formatted.body,
      headers: receiver.headers,
      secret: receiver.secret ?? '',
      status: 'pending',
      attempts: 0,
      nextAttemptMs: input.nowMs,
      createdMs: input.nowMs,
      updatedMs: input.nowMs,
      lastStatusCode: 0,
      lastError: '',
      version: 1,
    });
  }
  return entries;
}
