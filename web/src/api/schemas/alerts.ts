import { z } from 'zod';
import { epochMs } from './common.ts';

export const receiverSchema = z.object({
  url: z.string(),
  format: z.string().default('generic'),
  secret: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export const alertRuleSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  version: z.number().optional(),
  state: z.string().default('inactive'),
  name: z.string(),
  step: z.string().nullish(),
  metric: z.string(),
  op: z.string(),
  threshold: z.number(),
  window: z.string(),
  for: z.string().nullish(),
  filters: z.record(z.string(), z.string()).default({}),
  groupBy: z.array(z.string()).default([]),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  receivers: z.array(receiverSchema).default([]),
});

/** The list endpoint may answer with a bare array or `{ rules: [...] }`. */
export const alertRulesResponseSchema = z
  .union([z.array(alertRuleSchema), z.object({ rules: z.array(alertRuleSchema) })])
  .transform((value) => (Array.isArray(value) ? value : value.rules));

export const deliverySchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    url: z.string().optional(),
    receiver: z.string().optional(),
    format: z.string().optional(),
    status: z.union([z.string(), z.number()]).optional(),
    attempts: z.number().optional(),
    lastError: z.string().nullish(),
    at: epochMs.optional(),
    deliveredAt: epochMs.nullish(),
  })
  .loose();

export const alertEventSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    ruleId: z.union([z.string(), z.number()]).transform(String).optional(),
    ruleName: z.string().optional(),
    state: z.string(),
    at: epochMs.optional(),
    timestamp: epochMs.optional(),
    value: z.number().nullish(),
    threshold: z.number().nullish(),
    dimensions: z.record(z.string(), z.string()).default({}),
    deliveries: z.array(deliverySchema).default([]),
  })
  .loose();

export const alertsResponseSchema = z
  .union([
    z.array(alertEventSchema),
    z.object({ alerts: z.array(alertEventSchema) }),
    z.object({ events: z.array(alertEventSchema) }),
  ])
  .transform((value) => (Array.isArray(value) ? value : 'alerts' in value ? value.alerts : value.events));

export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertEvent = z.output<typeof alertEventSchema>;
export type Delivery = z.output<typeof deliverySchema>;
export type AlertRuleInput = Omit<AlertRule, 'id' | 'version' | 'state'>;
