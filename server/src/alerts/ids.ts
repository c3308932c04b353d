import { createHash, randomUUID } from 'node:crypto';

/**
 * Identifiers derived from what they name, so that re-running an evaluation after a crash produces
 * the very same ids and every write is idempotent.
 */

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function newRuleId(): string {
  return `rul_${randomUUID().replaceAll('-', '')}`;
}

/** One alert of a rule: the group-by values in the rule's group-by order ('' without group-by). */
export function groupKeyOf(groupBy: readonly string[], dimensions: Readonly<Record<string, string>>): string {
  if (groupBy.length === 0) return '';
  return JSON.stringify(groupBy.map((key) => [key, dimensions[key] ?? '']));
}

export function dimensionsOfGroupKey(groupKey: string): Record<string, string> {
  if (groupKey === '') return {};
  return Object.fromEntries(JSON.parse(groupKey) as [string, string][]);
}

/** The transition number `seq` of one alert. */
export function eventIdOf(ruleId: string, groupKey: string, seq: number): string {
  return `evt_${digest('event', ruleId, groupKey, String(seq)).slice(0, 32)}`;
}

/** A receiver of a rule, by its URL: editing other fields keeps its identity (and its disabled flag). */
export function receiverKeyOf(ruleId: string, url: string): string {
  return `rcv_${digest('receiver', ruleId, url).slice(0, 24)}`;
}

/** Standard Webhooks' `webhook-id`: the same on every retry of one delivery. */
export function webhookIdOf(eventId: string, receiverKey: string): string {
  return `msg_${digest('webhook', eventId, receiverKey).slice(0, 32)}`;
}
