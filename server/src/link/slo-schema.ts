import { z } from 'zod';

/** SLO windows as written in a link: a whole number of minutes, hours or days (`28d`, `7d`, `12h`). */
const WINDOW = /^(\d{1,4})(m|h|d)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
export const MIN_SLO_WINDOW_MS = 3_600_000;
export const MAX_SLO_WINDOW_MS = 90 * 86_400_000;

/** Milliseconds of an SLO window, or undefined when the text is not one. */
export function sloWindowMs(text: string): number | undefined {
  const match = WINDOW.exec(text);
  return match ? Number(match[1]) * (UNIT_MS[match[2]!] ?? 0) : undefined;
}

/**
 * `slo: { objective: 99.5, latencyMs: 800, window: 28d }` on a step (DESIGN.md "SLOs and burn-rate
 * alerts"): the percentage of good spans aimed for over a rolling window. A good span is neither
 * error nor timeout and, with latencyMs, lasts at most that.
 */
export const sloSchema = z.strictObject({
  objective: z
    .number()
    .gt(0, 'must be a percentage above 0')
    .lt(100, 'must be below 100 (an objective of 100% leaves no error budget)'),
  latencyMs: z.number().positive().max(86_400_000).optional(),
  window: z
    .string()
    .default('28d')
    .superRefine((text, ctx) => {
      const ms = sloWindowMs(text);
      if (ms === undefined)
        ctx.addIssue({ code: 'custom', message: 'must be a duration like 28d, 7d or 12h' });
      else if (ms < MIN_SLO_WINDOW_MS || ms > MAX_SLO_WINDOW_MS)
        ctx.addIssue({ code: 'custom', message: 'must be between 1h and 90d' });
    }),
});

export type SloDefinition = z.infer<typeof sloSchema>;
