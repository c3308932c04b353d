import { z } from 'zod';
import { sloSchema } from './slo-schema.ts';

const STEP_ID = /^[a-z][a-z0-9_]{0,62}$/;
const ATTRIBUTE_KEY = /^[A-Za-z0-9_.:/-]{1,128}$/;

export const stepMatchSchema = z
  .strictObject({
    service: z.string().min(1).max(256).optional(),
    span: z.string().min(1).max(256).optional(),
    kind: z.enum(['internal', 'server', 'client', 'producer', 'consumer']).optional(),
    attributes: z
      .record(z.string().regex(ATTRIBUTE_KEY, 'attribute key has invalid characters'), z.string().max(256))
      .optional(),
  })
  .refine(
    (m) => Object.values(m).some((v) => v !== undefined),
    'a match needs at least one of service, span, kind, attributes',
  );

export const stepSchema = z.strictObject({
  id: z.string().regex(STEP_ID, 'step id must be lower_snake_case, starting with a letter'),
  title: z.string().min(1).max(120).optional(),
  match: stepMatchSchema,
  timeoutMs: z.number().positive().max(86_400_000).optional(),
  sloP99Ms: z.number().positive().max(86_400_000).optional(),
  slo: sloSchema.optional(),
});

export const linkSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    journeyKey: z
      .array(z.string().regex(ATTRIBUTE_KEY, 'attribute key has invalid characters'))
      .max(8)
      .default([]),
    dimensions: z
      .array(z.string().regex(ATTRIBUTE_KEY, 'attribute key has invalid characters'))
      .max(16)
      .default([]),
    steps: z.array(stepSchema).min(1).max(64),
  })
  .superRefine((link, ctx) => {
    const seen = new Set<string>();
    link.steps.forEach((step, index) => {
      if (seen.has(step.id))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `duplicate step id '${step.id}'`,
        });
      seen.add(step.id);
    });
  });

export type StepMatch = z.infer<typeof stepMatchSchema>;
export type StepDefinition = z.infer<typeof stepSchema>;
export type LinkDefinition = z.infer<typeof linkSchema>;

/** The step's display title: its own, or its id in words. */
export function stepTitle(step: StepDefinition): string {
  return step.title ?? step.id.replaceAll('_', ' ');
}
