import { z } from 'zod';

export const violationSampleSchema = z.object({
  key: z.string(),
  traceIds: z.array(z.string()),
  at: z.number(),
  detail: z.string(),
});

export const checkSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  step: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  journeys: z.number(),
  violations: z.number(),
  rate: z.number().nullable(),
  samples: z.array(violationSampleSchema),
  trend: z.object({
    bucketMs: z.number(),
    points: z.array(z.object({ t: z.number(), violations: z.number() })),
  }),
});

export const checksResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  checks: z.array(checkSummarySchema),
});

export const checkViolationsSchema = z.object({
  id: z.string(),
  total: z.number(),
  violations: z.array(violationSampleSchema.extend({ spanIds: z.array(z.string()) })),
});

export type CheckSummary = z.output<typeof checkSummarySchema>;
export type ChecksResponse = z.output<typeof checksResponseSchema>;
export type CheckViolations = z.output<typeof checkViolationsSchema>;
