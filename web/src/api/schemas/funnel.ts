import { z } from 'zod';
import { count, dimensionKey, durationMs, epochMs } from './common.ts';

/** `count`: failed journeys whose last failing span had the message; `attempts`: failing spans with it. */
export const topErrorSchema = z.object({ message: z.string(), count, attempts: count.optional() });

export const funnelStepSchema = z.object({
  step: z.string(),
  entered: count,
  succeeded: count,
  failed: count,
  dropped: count,
  conversionFromStart: z.number().nullable(),
  conversionFromPrevious: z.number().nullable(),
  p50MsFromPrevious: durationMs,
  p90MsFromPrevious: durationMs,
  /** Spans of the step (retries included); absent from servers before the journey model. */
  attempts: count.optional(),
  /** Journeys with more than one span of the step. */
  retried: count.optional(),
  /** Journeys whose step started inside the previous step (their wait counts as 0). */
  overlapped: count.optional(),
  topErrors: z.array(topErrorSchema).default([]),
});

export const completedSchema = z.object({ count, p50: durationMs, p90: durationMs, p99: durationMs });

export const funnelGroupSchema = z.object({
  key: dimensionKey,
  journeys: count,
  steps: z.array(funnelStepSchema),
  completed: completedSchema.optional(),
});

const funnelBodySchema = z.object({
  journeys: count,
  steps: z.array(funnelStepSchema),
  completed: completedSchema,
  groups: z.array(funnelGroupSchema).default([]),
});

/** With `compare=`, `previous` is the same answer over the earlier range. */
export const funnelResponseSchema = funnelBodySchema.extend({ previous: funnelBodySchema.optional() });

export const stuckJourneySchema = z.object({
  key: z.string(),
  traceIds: z.array(z.string()),
  lastStep: z.string().nullable(),
  lastSpanAt: epochMs,
  ageMs: z.number(),
  dimensions: z.record(z.string(), z.string()).default({}),
});

export const stuckResponseSchema = z.object({
  after: z.string(),
  /** The step the journeys never reached. */
  next: z.string().optional(),
  /** How many are stuck in all (the list is capped). */
  total: z.number().optional(),
  graceMs: z.number(),
  journeys: z.array(stuckJourneySchema),
});

export type TopError = z.output<typeof topErrorSchema>;
export type FunnelStep = z.output<typeof funnelStepSchema>;
export type FunnelGroup = z.output<typeof funnelGroupSchema>;
export type FunnelResponse = z.output<typeof funnelResponseSchema>;
export type StuckJourney = z.output<typeof stuckJourneySchema>;
export type StuckResponse = z.output<typeof stuckResponseSchema>;
