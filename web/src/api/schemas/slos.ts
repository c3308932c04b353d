import { z } from 'zod';
import { count, epochMs } from './common.ts';

const ratio = z.number().nullable();
const goodTotal = z.object({ total: count, good: count });
const burnWindows = <T extends z.ZodType>(value: T) =>
  z.object({ '5m': value, '30m': value, '1h': value, '6h': value, '3d': value });

export const sloStatusSchema = z.object({
  step: z.string(),
  title: z.string(),
  objective: z.number(),
  latencyMs: z.number().nullable(),
  window: z.string(),
  windowMs: z.number().positive(),
  total: count,
  good: count,
  sli: ratio,
  budgetRemaining: ratio,
  burnRates: burnWindows(ratio),
  burnCounts: burnWindows(goodTotal),
});

export const slosResponseSchema = z.object({ at: epochMs, slos: z.array(sloStatusSchema) });

export const sloSeriesSchema = z.object({
  step: z.string(),
  objective: z.number(),
  windowMs: z.number(),
  bucketMs: z.number().positive(),
  points: z.array(goodTotal.extend({ t: epochMs, sli: ratio, budgetRemaining: ratio })),
});

export type SloStatus = z.output<typeof sloStatusSchema>;
export type SloSeries = z.output<typeof sloSeriesSchema>;
export const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
