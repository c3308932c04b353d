import { z } from 'zod';
import { count, dimensionKey, durationMs, epochMs, quantileFields } from './common.ts';

export const stepGroupSchema = z.object({
  key: dimensionKey,
  count,
  errors: count,
  timeouts: count,
  ...quantileFields,
  max: durationMs,
});

export const stepStatsSchema = z.object({
  step: z.string(),
  title: z.string().optional(),
  count,
  errors: count,
  timeouts: count,
  ...quantileFields,
  max: durationMs,
  timeoutMs: z.number().nullish(),
  suggestedTimeoutMs: z.number().nullish(),
  groups: z.array(stepGroupSchema).default([]),
});

const stepsBodySchema = z.object({
  from: epochMs,
  to: epochMs,
  steps: z.array(stepStatsSchema),
});

/** With `compare=`, `previous` is the same answer over the earlier range. */
export const stepsResponseSchema = stepsBodySchema.extend({ previous: stepsBodySchema.optional() });

export const seriesPointSchema = z.object({
  t: epochMs,
  count,
  errors: count,
  timeouts: count,
  ...quantileFields,
});

export const seriesResponseSchema = z.object({
  step: z.string(),
  bucketMs: z.number().positive(),
  points: z.array(seriesPointSchema),
});

export type StepStats = z.output<typeof stepStatsSchema>;
export type StepGroup = z.output<typeof stepGroupSchema>;
export type StepsResponse = z.output<typeof stepsResponseSchema>;
export type SeriesPoint = z.output<typeof seriesPointSchema>;
export type SeriesResponse = z.output<typeof seriesResponseSchema>;
