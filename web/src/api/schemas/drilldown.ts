import { z } from 'zod';
import { count, epochMs } from './common.ts';

/** An upper bucket bound in ms; null is +Inf. */
const leMs = z.number().nonnegative().nullable();

const distributionBodySchema = z.object({
  step: z.string(),
  count,
  buckets: z.array(z.object({ leMs, count })),
  heatmap: z.object({
    bucketMs: z.number().positive(),
    t: z.array(epochMs),
    leMs: z.array(leMs),
    counts: z.array(z.array(count)),
  }),
});

export const distributionResponseSchema = distributionBodySchema.extend({
  previous: distributionBodySchema.optional(),
});

export const attributeShareSchema = z.object({
  key: z.string(),
  value: z.string(),
  selection: count,
  baseline: count,
  selectionShare: z.number(),
  baselineShare: z.number(),
  lift: z.number().nullable(),
});

export const attributionResponseSchema = z.object({
  step: z.string(),
  selection: z.object({ count }),
  baseline: z.object({ count }),
  attributes: z.array(attributeShareSchema),
  samples: z.array(z.string()),
});

export type DistributionResponse = z.output<typeof distributionResponseSchema>;
export type Distribution = z.output<typeof distributionBodySchema>;
export type AttributeShare = z.output<typeof attributeShareSchema>;
export type AttributionResponse = z.output<typeof attributionResponseSchema>;
