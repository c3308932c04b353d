import { z } from 'zod';
import { type CheckDefinition, checkSchema, checkSteps, stepFields } from './check-schema.ts';
import { sloSchema } from './slo-schema.ts';

const STEP_ID = /^[a-z][a-z0-9_]{0,62}$/;
const ATTRIBUTE_KEY = /^[A-Za-z0-9_.:/-]{1,128}$/;
/** A link's name: a slug, so it reads well in a URL (`?link=refund`) and a file name. */
export const LINK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

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
  /** false: a compensation or clean-up step (a TCC Cancel), measured but not a stage of the funnel. */
  inFunnel: z.boolean().optional(),
});

/**
 * What a journey is worth: the first numeric value of `attribute` on its spans (a number or a
 * decimal string), in the currency named by `currencyAttribute`, else the fixed `currency`.
 */
export const linkValueSchema = z.strictObject({
  attribute: z.string().regex(ATTRIBUTE_KEY, 'attribute key has invalid characters'),
  currencyAttribute: z.string().regex(ATTRIBUTE_KEY, 'attribute key has invalid characters').optional(),
  currency: z.string().min(1).max(16).optional(),
});

export const linkSchema = z
  .strictObject({
    name: z.string().regex(LINK_NAME, 'link name must be a slug: lower-case letters, digits and -'),
    title: z.string().min(1).max(120).optional(),
    /** The link answered when a request names none (else the first by file name). */
    default: z.boolean().optional(),
    journeyKey: z
      .array(z.string().regex(ATTRIBUTE_KEY, 'attribute key has invalid characters'))
      .max(8)
      .default([]),
    dimensions: z
      .array(z.string().regex(ATTRIBUTE_KEY, 'attribute key has invalid characters'))
      .max(16)
      .default([]),
    steps: z.array(stepSchema).min(1).max(64),
    checks: z.array(checkSchema).max(64).optional(),
    value: linkValueSchema.optional(),
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
    if (!link.steps.some((step) => step.inFunnel !== false))
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'at least one step must be in the funnel' });
    const checkIds = new Set<string>();
    (link.checks ?? []).forEach((check, index) => {
      if (checkIds.has(check.id))
        ctx.addIssue({
          code: 'custom',
          path: ['checks', index, 'id'],
          message: `duplicate check id '${check.id}'`,
        });
      checkIds.add(check.id);
      for (const [field, step] of stepFields(check)) {
        if (!seen.has(step))
          ctx.addIssue({
            code: 'custom',
            path: ['checks', index, field],
            message: `unknown step '${step}' (steps: ${[...seen].join(', ')})`,
          });
      }
    });
  });

export type StepMatch = z.infer<typeof stepMatchSchema>;
export type StepDefinition = z.infer<typeof stepSchema>;
export type LinkDefinition = z.infer<typeof linkSchema>;
export type LinkValue = z.infer<typeof linkValueSchema>;

/** The link's display title: its own, or its name. */
export function linkTitle(link: Pick<LinkDefinition, 'name' | 'title'>): string {
  return link.title ?? link.name;
}

/** The steps that are stages of the funnel (inFunnel), in link order. */
export function funnelSteps(link: Pick<LinkDefinition, 'steps'>): StepDefinition[] {
  return link.steps.filter((step) => step.inFunnel !== false);
}

/** The funnel's stages as indexes into the link's steps (the journey rows' arrays follow the link). */
export function funnelPositions(link: Pick<LinkDefinition, 'steps'>): number[] {
  return link.steps.flatMap((step, k) => (step.inFunnel === false ? [] : [k]));
}

/** The link's consistency checks (none when it lists none). */
export function linkChecks(link: Pick<LinkDefinition, 'checks'>): CheckDefinition[] {
  return link.checks ?? [];
}

/** The link indexes of the steps its checks read (what a journey row keeps as CheckSpans), in link order. */
export function checkStepIndexes(link: Pick<LinkDefinition, 'steps' | 'checks'>): number[] {
  const read = new Set(linkChecks(link).flatMap(checkSteps));
  return link.steps.flatMap((step, index) => (read.has(step.id) ? [index] : []));
}

/** The step's display title: its own, or its id in words. */
export function stepTitle(step: StepDefinition): string {
  return step.title ?? step.id.replaceAll('_', ' ');
}
