import { z } from 'zod';
import { epochMs } from './common.ts';

const id = z.union([z.string(), z.number()]).transform(String);
const stringMap = z.record(z.string(), z.string()).default({});

export const receiverViewSchema = z.object({
  name: z.string().optional(),
  url: z.string(),
  format: z.string().default('generic'),
  hasSecret: z.boolean().optional(),
  disabled: z.boolean().optional(),
  disabledReason: z.string().optional(),
});

/** A live alert of a rule: one per group-by value set that is pending, firing or just resolved. */
export const ruleAlertSchema = z.object({
  dimensions: stringMap,
  state: z.string(),
  value: z.number().nullable(),
  activeSince: epochMs.nullable().optional(),
  firingSince: epochMs.nullable().optional(),
});

export const alertRuleSchema = z.object({
  id,
  version: z.number().optional(),
  state: z.string().default('inactive'),
  name: z.string(),
  /** The link whose step the rule watches (absent from servers before several links). */
  link: z.string().optional(),
  step: z.string(),
  /** Metric violations: the consistency check it counts. */
  check: z.string().optional(),
  metric: z.string(),
  op: z.string(),
  threshold: z.number(),
  window: z.string(),
  for: z.string().nullish(),
  enabled: z.boolean().optional(),
  filters: stringMap,
  groupBy: z.array(z.string()).default([]),
  labels: stringMap,
  annotations: stringMap,
  receivers: z.array(receiverViewSchema).default([]),
  alerts: z.array(ruleAlertSchema).default([]),
});

/** `{ rules: [...] }` (a bare array is accepted too). */
export const alertRulesResponseSchema = z
  .union([z.array(alertRuleSchema), z.object({ rules: z.array(alertRuleSchema) })])
  .transform((value) => (Array.isArray(value) ? value : value.rules));

export const deliverySchema = z.object({
  webhookId: z.string(),
  receiver: z.string(),
  url: z.string(),
  status: z.string(),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: epochMs.nullable().optional(),
  updatedAt: epochMs.optional(),
});

/** One alert transition (firing or resolved), with the webhook deliveries it caused. */
export const alertEventSchema = z.object({
  eventId: z.string(),
  state: z.string(),
  at: epochMs,
  rule: z.object({ id, name: z.string(), metric: z.string(), op: z.string() }),
  step: z.object({ id: z.string(), title: z.string().optional() }),
  dimensions: stringMap,
  value: z.number().nullable(),
  threshold: z.number(),
  samples: z.array(z.object({ traceId: z.string() })).default([]),
  test: z.boolean().optional(),
  deliveries: z.array(deliverySchema).default([]),
});

export const activeAlertSchema = z.object({
  ruleId: id,
  ruleName: z.string(),
  step: z.string(),
  metric: z.string(),
  op: z.string(),
  threshold: z.number(),
  dimensions: stringMap,
  state: z.string(),
  value: z.number().nullable(),
  firingSince: epochMs.nullable().optional(),
});

export const alertsResponseSchema = z.object({
  events: z.array(alertEventSchema).default([]),
  active: z.array(activeAlertSchema).default([]),
});

/** What `POST /alert-rules/:id/test` reports per receiver. */
export const testResultSchema = z.object({
  deliveries: z.array(
    z.object({
      receiver: z.string(),
      url: z.string(),
      ok: z.boolean(),
      outcome: z.string(),
      statusCode: z.number().nullable().optional(),
      error: z.string().nullable().optional(),
      durationMs: z.number().optional(),
    }),
  ),
});

export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertEvent = z.output<typeof alertEventSchema>;
export type ActiveAlert = z.output<typeof activeAlertSchema>;
export type Delivery = z.output<typeof deliverySchema>;
export type TestResult = z.output<typeof testResultSchema>;

/** What the form posts (the API adds id, version and state). */
export interface AlertRuleInput {
  name: string;
  /** The link of the page the rule is made on. */
  link?: string;
  step: string;
  /** Metric violations: the consistency check. */
  check?: string;
  metric: string;
  op: string;
  threshold: number;
  window?: string;
  /** burnRate rules: both windows must burn above the threshold. */
  longWindow?: string;
  shortWindow?: string;
  for: string;
  filters: Record<string, string>;
  groupBy: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  receivers: { url: string; format: string }[];
}
