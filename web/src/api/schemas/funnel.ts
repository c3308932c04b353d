import { z } from 'zod';
import { count, dimensionKey, durationMs, epochMs } from './common.ts';

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
  topErrors: z.array(z.object({ message: z.string(), count })).default([]),
});

export const completedSchema = z.object({ count, p50: durationMs, p90: durationMs, p99: durationMs });

export const funnelGroupSchema = z.object({
  key: dimensionKey,
  journeys: count,
  steps: z.array(funnelStepSchema),
  completed: completedSchema.optional(),
});

export const funnelResponseSchema = z.object({
  journeys: count,
  steps: z.array(funnelStepSchema),
  completed: completedSchema,
  groups: z.array(funnelGroupSchema).default([]),
});

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

export type FunnelStep = z.output<typeof funnelStepSchema>;
export type FunnelGroup = z.output<typeof funnelGroupSchema>;
export type FunnelResponse = z.output<typeof funnelResponseSchema>;
export type StuckJourney = z.output<typeof stuckJourneySchema>;
export type StuckResponse = z.output<typeof stuckResponseSchema>;
