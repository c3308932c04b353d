import { z } from 'zod';

export const linkStepSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  match: z.record(z.string(), z.unknown()).optional(),
  timeoutMs: z.number().optional(),
  sloP99Ms: z.number().optional(),
  slo: z.object({ objective: z.number(), latencyMs: z.number().optional(), window: z.string() }).optional(),
});

export const linkSchema = z.object({
  name: z.string(),
  journeyKey: z.array(z.string()).default([]),
  dimensions: z.array(z.string()).default([]),
  steps: z.array(linkStepSchema),
});

export type Link = z.output<typeof linkSchema>;
export type LinkStep = z.output<typeof linkStepSchema>;

/** The display title of a step: its own, or its id in words (as the server does). */
export function stepTitle(step: LinkStep): string {
  return step.title ?? step.id.replaceAll('_', ' ');
}
