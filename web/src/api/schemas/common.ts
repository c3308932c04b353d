import { z } from 'zod';

/** An instant as the API sends it (epoch ms or ISO-8601), converted once to epoch milliseconds. */
export const epochMs = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a time: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

/** A duration in milliseconds; null when there is nothing to measure (no spans in the range). */
export const durationMs = z.number().nullable();
export const count = z.number().int().nonnegative();

/** The quantile columns shared by steps, groups and series points. */
export const quantileFields = {
  p50: durationMs,
  p90: durationMs,
  p95: durationMs,
  p99: durationMs,
  p999: durationMs,
};

/** `{ "<dimension>": "<value>" }` */
export const dimensionKey = z.record(z.string(), z.string());

export const apiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
