import { z } from 'zod';

export const linkStepSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  match: z.record(z.string(), z.unknown()).optional(),
  timeoutMs: z.number().optional(),
  sloP99Ms: z.number().optional(),
  /** false: a compensation step (a TCC Cancel), no stage of the funnel. */
  inFunnel: z.boolean().optional(),
  slo: z.object({ objective: z.number(), latencyMs: z.number().optional(), window: z.string() }).optional(),
});

export const linkSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  /** What a journey is worth, when the link says (value columns show then). */
  value: z.object({ attribute: z.string() }).partial().optional(),
  journeyKey: z.array(z.string()).default([]),
  dimensions: z.array(z.string()).default([]),
  steps: z.array(linkStepSchema),
  /** Consistency checks (absent from servers before them). */
  checks: z
    .array(z.object({ id: z.string(), title: z.string(), step: z.string(), kind: z.string() }))
    .default([]),
});

export type Link = z.output<typeof linkSchema>;
export type LinkStep = z.output<typeof linkStepSchema>;

/** The display title of a step: its own, or its id in words (as the server does). */
export function stepTitle(step: LinkStep): string {
  return step.title ?? step.id.replaceAll('_', ' ');
}
