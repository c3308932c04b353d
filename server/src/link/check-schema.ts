import { z } from 'zod';

const CHECK_ID = /^[a-z][a-z0-9_]{0,62}$/;
const stepRef = z.string().min(1).max(63);

const common = {
  id: z.string().regex(CHECK_ID, 'check id must be lower_snake_case, starting with a letter'),
  title: z.string().min(1).max(120).optional(),
  step: stepRef,
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
};

/** DESIGN.md "Consistency checks": the five kinds, each with the fields it needs. */
export const checkSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...common, kind: z.literal('atMostOnce') }),
    z.strictObject({ ...common, kind: z.literal('notAfter'), after: stepRef }),
    z.strictObject({ ...common, kind: z.literal('requires'), requires: stepRef }),
    z.strictObject({ ...common, kind: z.literal('maxAttempts'), max: z.number().int().min(1).max(1000) }),
    z.strictObject({
      ...common,
      kind: z.literal('followedBy'),
      // biome-ignore lint/suspicious/noThenProperty: DESIGN.md names the field `then`
      then: stepRef,
      withinMs: z
        .number()
        .int()
        .min(0)
        .max(7 * 86_400_000),
    }),
  ],
  { error: () => 'kind must be one of atMostOnce, notAfter, requires, maxAttempts, followedBy' },
);

export type CheckDefinition = z.infer<typeof checkSchema>;
export type CheckKind = CheckDefinition['kind'];
export type Severity = CheckDefinition['severity'];

/** The steps a check reads: its own, and the one its rule compares it with. */
export function checkSteps(check: CheckDefinition): string[] {
  switch (check.kind) {
    case 'atMostOnce':
    case 'maxAttempts':
      return [check.step];
    case 'notAfter':
      return [check.step, check.after];
    case 'requires':
      return [check.step, check.requires];
    case 'followedBy':
      return [check.step, check.then];
  }
}

/** The field naming each step a check refers to, for "unknown step" messages. */
export function stepFields(check: CheckDefinition): [string, string][] {
  switch (check.kind) {
    case 'atMostOnce':
    case 'maxAttempts':
      return [['step', check.step]];
    case 'notAfter':
      return [
        ['step', check.step],
        ['after', check.after],
      ];
    case 'requires':
      return [
        ['step', check.step],
        ['requires', check.requires],
      ];
    case 'followedBy':
      return [
        ['step', check.step],
        ['then', check.then],
      ];
  }
}

/** The check's display title: its own, or its id in words. */
export function checkTitle(check: CheckDefinition): string {
  return check.title ?? check.id.replaceAll('_', ' ');
}
