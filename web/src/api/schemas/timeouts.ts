import { z } from 'zod';
import { count, durationMs } from './common.ts';

export const hotspotSchema = z.object({
  step: z.string(),
  service: z.string().nullable(),
  peer: z.string().nullable(),
  channel: z.string().nullable(),
  calls: count,
  timeouts: count,
  timeoutRate: z.number(),
  p99: durationMs,
  timeoutMs: z.number().nullish(),
});

export const inversionSchema = z.object({
  kind: z.string(),
  step: z.string(),
  detail: z.string(),
});

const timeoutsBodySchema = z.object({
  hotspots: z.array(hotspotSchema),
  inversions: z.array(inversionSchema).default([]),
});

/** With `compare=`, `previous` is the same answer over the earlier range. */
export const timeoutsResponseSchema = timeoutsBodySchema.extend({ previous: timeoutsBodySchema.optional() });

export type Hotspot = z.output<typeof hotspotSchema>;
export type Inversion = z.output<typeof inversionSchema>;
export type TimeoutsResponse = z.output<typeof timeoutsResponseSchema>;
