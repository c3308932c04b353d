import { z } from 'zod';
import { type LinkDefinition, linkChecks } from '../link/definition.ts';
import { type AddressPolicy, refusedHostReason } from './address-guard.ts';
import { burnRateProblems } from './burn-rate-rule.ts';
import { parseRuleDuration } from './duration.ts';
import {
  ALERT_METRICS,
  type AlertRuleInput,
  COMPARATORS,
  isFractionMetric,
  RECEIVER_FORMATS,
} from './rule-types.ts';
import { templateProblem } from './template.ts';

const ATTRIBUTE_KEY = /^[A-Za-z0-9_.:/-]{1,128}$/;
/** Prometheus label names, so Alertmanager accepts them. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const HEADER_VALUE_BAD = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Set by paylens itself; a rule may not override them. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);
const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

const duration = (max: number, min: number) =>
  z.string().superRefine((text, ctx) => {
    const ms = parseRuleDuration(text);
    if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'must be a duration like 30s, 5m or 1h' });
    else if (ms < min || ms > max)
      ctx.addIssue({ code: 'custom', message: `must be between ${min} ms and ${max / 3_600_000} h` });
  });

/** A record whose keys are checked with messages of our own (zod only says "Invalid key in record"). */
function keyedRecord<V extends z.ZodType>(keyProblem: (key: string) => string | undefined, value: V) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      const problem = keyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });
}

const attributeKeyProblem = (key: string) =>
  ATTRIBUTE_KEY.test(key) ? undefined : 'must be an attribute key (letters, digits, _ . : / -)';

function receiverSchema(policy: AddressPolicy) {
  return z.object({
    name: z.string().trim().min(1).max(100).optional(),
    url: z
      .string()
      .max(2048)
      .superRefine((text, ctx) => {
        let url: URL;
        try {
          url = new URL(text);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
          return;
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          ctx.addIssue({
            code: 'custom',
            message: `must use http or https, not ${url.protocol.replace(':', '')}`,
          });
        else if (url.username || url.password)
          ctx.addIssue({ code: 'custom', message: 'must not carry credentials; use headers' });
        else {
          const reason = refusedHostReason(url.hostname, policy);
          if (reason) ctx.addIssue({ code: 'custom', message: `refused: ${reason}` });
        }
      }),
    format: z.enum(RECEIVER_FORMATS).default('generic'),
    secret: z
      .string()
      .regex(SECRET, "must be 'whsec_' followed by base64")
      .refine((secret) => {
        const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
        return bytes >= 24 && bytes <= 64;
      }, 'must decode to 24 to 64 bytes (Standard Webhooks)')
      .nullable()
      .optional(),
    headers: keyedRecord(
      (name) => {
        if (!HEADER_NAME.test(name)) return 'must be an HTTP header name';
        if (RESERVED_HEADERS.has(name.toLowerCase())) return 'is set by paylens itself';
        return undefined;
      },
      z
        .string()
        .max(4096)
        .refine((value) => !HEADER_VALUE_BAD.test(value), 'has control characters'),
    ).default({}),
    template: z
      .string()
      .max(16_384)
      .superRefine((template, ctx) => {
        const problem = templateProblem(template);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  });
}

/**
 * The rule a client posts, validated against its payment link (steps, dimensions, checks;
 * ruleLinkOf picks the link a body names) and the address policy. The parsed rule names its link.
 */
export function alertRuleSchema(
  link: Pick<LinkDefinition, 'name' | 'steps' | 'dimensions' | 'checks'>,
  policy: AddressPolicy,
) {
  const stepIds = link.steps.map((step) => step.id);
  const checks = linkChecks(link);
  // Alerts read the link spans, which carry the link's dimensions: those are what rules filter and group by.
  const dimensionProblem = (key: string) =>
    attributeKeyProblem(key) ??
    (link.dimensions.includes(key)
      ? undefined
      : `must be a dimension of the link (${link.dimensions.join(', ')})`);
  const dimension = z.string().superRefine((key, ctx) => {
    const problem = dimensionProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
  // A `violations` rule names its check; its step is the check's (and may be left out).
  const withCheckStep = (input: unknown) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const rule = input as Record<string, unknown>;
    const check = checks.find((candidate) => candidate.id === rule.check);
    if (rule.metric !== 'violations' || rule.step !== undefined) return rule;
    // An unknown check is reported on `check` (the step stands in so the rest is validated).
    return { ...rule, step: check?.step ?? stepIds[0] };
  };
  const object = z
    .object({
      name: z.string().trim().min(1).max(200),
      check: z.string().max(63).optional(),
      link: z
        .string()
        .optional()
        .transform(() => link.name),
      step: z
        .string()
        .refine((step) => stepIds.includes(step), `must be a step of the link (${stepIds.join(', ')})`),
      metric: z.enum(ALERT_METRICS),
      // Both implied for burnRate: above the threshold, over the long window.
      op: z.enum(COMPARATORS).optional(),
      threshold: z.number().finite(),
      resolveThreshold: z.number().finite().optional(),
      window: duration(7 * 86_400_000, 10_000).optional(),
      longWindow: duration(7 * 86_400_000, 60_000).optional(),
      shortWindow: duration(7 * 86_400_000, 60_000).optional(),
      for: duration(7 * 86_400_000, 0).default('0s'),
      minCount: z.number().int().min(0).max(1_000_000_000).default(0),
      filters: keyedRecord(dimensionProblem, z.string().max(256)).default({}),
      groupBy: z.array(dimension).max(4).default([]),
      labels: keyedRecord(
        (key) => (LABEL_NAME.test(key) ? undefined : 'must be a Prometheus label name'),
        z.string().max(1024),
      ).default({}),
      annotations: keyedRecord(
        (key) => (key.length > 0 && key.length <= 128 ? undefined : 'must be 1 to 128 characters'),
        z.string().max(4096),
      ).default({}),
      receivers: z.array(receiverSchema(policy)).max(10).default([]),
      enabled: z.boolean().default(true),
    })
    .superRefine((rule, ctx) => {
      if (rule.metric === 'burnRate') {
        for (const issue of burnRateProblems(rule, link)) ctx.addIssue({ code: 'custom', ...issue });
        return;
      }
      if (rule.op === undefined) ctx.addIssue({ code: 'custom', path: ['op'], message: 'is required' });
      if (rule.window === undefined)
        ctx.addIssue({ code: 'custom', path: ['window'], message: 'is required' });
      for (const key of ['longWindow', 'shortWindow'] as const)
        if (rule[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'is only for metric burnRate' });
      if (rule.metric === 'violations') {
        const check = checks.find((candidate) => candidate.id === rule.check);
        if (!check)
          ctx.addIssue({
            code: 'custom',
            path: ['check'],
            message: `metric violations needs a check of the link (${checks.map((c) => c.id).join(', ') || 'none'})`,
          });
        else if (check.step !== rule.step)
          ctx.addIssue({
            code: 'custom',
            path: ['step'],
            message: `check ${check.id} is on step ${check.step}`,
          });
        if (rule.groupBy.length > 0 || Object.keys(rule.filters).length > 0)
          ctx.addIssue({
            code: 'custom',
            path: ['groupBy'],
            message: 'violations are counted per check, without groups or filters',
          });
      } else if (rule.check !== undefined)
        ctx.addIssue({ code: 'custom', path: ['check'], message: 'only metric violations names a check' });
      if (isFractionMetric(rule.metric) && (rule.threshold < 0 || rule.threshold > 1))
        ctx.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: `${rule.metric} is a fraction: between 0 and 1`,
        });
      if (rule.metric !== 'conversion' && rule.threshold < 0)
        ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'must not be negative' });
      if (new Set(rule.groupBy).size !== rule.groupBy.length)
        ctx.addIssue({ code: 'custom', path: ['groupBy'], message: 'names a dimension twice' });
      const resolve = rule.resolveThreshold;
      if (resolve !== undefined && rule.op !== undefined) {
        const above = rule.op === '>' || rule.op === '>=';
        if (above ? resolve > rule.threshold : resolve < rule.threshold)
          ctx.addIssue({
            code: 'custom',
            path: ['resolveThreshold'],
            message: `must be ${above ? 'at or below' : 'at or above'} the threshold (hysteresis)`,
          });
      }
    })
    .transform((rule) => ({ ...rule, op: rule.op ?? '>', window: rule.window ?? rule.longWindow ?? '' }));
  return z.preprocess(withCheckStep, object);
}

/** Parsed input; `secret: null` (remove) and absent (keep the stored one) are told apart by the caller. */
export type ParsedRuleInput = Omit<AlertRuleInput, 'receivers'> & {
  receivers: (Omit<AlertRuleInput['receivers'][number], 'secret'> & { secret?: string | null })[];
};

/** `receivers.0.url: must use http or https, not ftp; threshold: expected number` */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
