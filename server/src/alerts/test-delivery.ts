import { randomBytes } from 'node:crypto';
import type { LinkDefinition } from '../link/definition.ts';
import { buildNotification } from './build-notification.ts';
import { metricRequestOf } from './evaluator.ts';
import { formatFor } from './formats/registry.ts';
import type { MetricSource } from './metric-source.ts';
import type { AlertNotification } from './notification.ts';
import { receiverName } from './outbox-entries.ts';
import type { AlertRule } from './rule-types.ts';
import type { WebhookResult, WebhookSender } from './webhook-sender.ts';

export interface TestDelivery {
  receiver: string;
  url: string;
  webhookId: string;
  ok: boolean;
  outcome: WebhookResult['verdict'];
  statusCode: number;
  error: string;
  durationMs: number;
}

/**
 * `POST /alert-rules/:id/test`: a firing notification marked `test: true`, with the rule's current
 * value and sample traces when there are some, sent at once to every receiver (not through the
 * outbox: the caller wants the answer now).
 */
export async function testRule(input: {
  rule: AlertRule;
  link: Pick<LinkDefinition, 'steps'>;
  metrics: MetricSource;
  send: WebhookSender;
  publicUrl: string;
  nowMs: number;
  onAttempt?: (outcome: WebhookResult['verdict']) => void;
}): Promise<{ notification: AlertNotification; deliveries: TestDelivery[] }> {
  const { rule, nowMs } = input;
  const request = metricRequestOf(rule);
  const [groups] = await input.metrics.measure([request], nowMs).catch(() => [[]]);
  const group = groups?.[0];
  const dimensions = group?.dimensions ?? {};
  const [samples = []] = await input.metrics
    .sampleTraceIds([{ ...request, dimensions, op: rule.op, threshold: rule.threshold }], nowMs, 3)
    .catch(() => []);
  const id = randomBytes(12).toString('hex');
  const notification: AlertNotification = {
    ...buildNotification({
      rule,
      link: input.link,
      groupKey: '',
      dimensions,
      state: {
        state: 'firing',
        seq: 0,
        activeSinceMs: nowMs,
        firingSinceMs: nowMs,
        resolvedAtMs: null,
        value: group?.value ?? null,
      },
      notify: 'firing',
      sampleTraceIds: samples,
      publicUrl: input.publicUrl,
      test: true,
      slo: group?.slo,
    }),
    eventId: `evt_test_${id}`,
  };
  const deliveries = await Promise.all(
    rule.receivers.map(async (receiver, index): Promise<TestDelivery> => {
      const webhookId = `msg_test_${id}_${index}`;
      const name = receiverName(receiver);
      const formatted = formatFor(receiver, notification, {
        webhookId,
        receiverName: name,
        publicUrl: input.publicUrl,
      });
      const result = await input.send({
        url: receiver.url,
        body: formatted.body,
        contentType: formatted.contentType,
        headers: receiver.headers,
        secret: receiver.secret,
        webhookId,
        timestampSeconds: Math.floor(nowMs / 1000),
      });
      input.onAttempt?.(result.verdict);
      return {
        receiver: name,
        url: receiver.url,
        webhookId,
        ok: result.verdict === 'delivered',
        outcome: result.verdict,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
      };
    }),
  );
  return { notification, deliveries };
}
