import { ApiError, badRequest, notFound } from '../http/api-error.ts';
import type { AlertStores } from './alert-stores.ts';
import { newRuleId, receiverKeyOf } from './ids.ts';
import { type alertRuleSchema, describeIssues } from './rule-schema.ts';
import type { AlertRule } from './rule-types.ts';
import { mergeSecrets, type RuleView, ruleView } from './rule-view.ts';

type RuleSchema = ReturnType<typeof alertRuleSchema>;

export const RULE_ID = /^rul_[0-9a-f]{32}$/;

export function parseRuleId(value: unknown): string {
  if (typeof value !== 'string' || !RULE_ID.test(value))
    throw notFound(`no alert rule ${JSON.stringify(value)}`);
  return value;
}

function parseInput(schema: RuleSchema, body: unknown) {
  const result = schema.safeParse(body);
  if (!result.success)
    throw badRequest(`invalid alert rule: ${describeIssues(result.error)}`, 'invalid_rule');
  return result.data;
}

async function viewsOf(stores: AlertStores, rules: readonly AlertRule[]): Promise<RuleView[]> {
  if (rules.length === 0) return [];
  const [states, disabled] = await Promise.all([
    stores.states.load(rules.map((rule) => rule.id)),
    stores.deliveryLog.disabledReceivers(),
  ]);
  return rules.map((rule) =>
    ruleView(
      rule,
      states.filter((state) => state.ruleId === rule.id),
      disabled,
    ),
  );
}

export async function listRules(stores: AlertStores): Promise<RuleView[]> {
  return viewsOf(stores, await stores.rules.list());
}

export async function getRule(stores: AlertStores, id: string): Promise<AlertRule> {
  const rule = await stores.rules.get(id);
  if (!rule) throw notFound(`no alert rule ${id}`);
  return rule;
}

export async function getRuleView(stores: AlertStores, id: string): Promise<RuleView> {
  const [view] = await viewsOf(stores, [await getRule(stores, id)]);
  return view!;
}

export async function createRule(stores: AlertStores, schema: RuleSchema, body: unknown, nowMs: number) {
  const input = mergeSecrets(parseInput(schema, body), undefined);
  const rule = await stores.rules.save(newRuleId(), 1, input, nowMs, nowMs);
  const [view] = await viewsOf(stores, [rule]);
  return view!;
}

/**
 * Replaces a rule (a new version). A `version` in the body must be the stored one (409 otherwise),
 * so two editors do not silently overwrite each other. Saving re-enables receivers a 410 disabled.
 */
export async function updateRule(
  stores: AlertStores,
  schema: RuleSchema,
  id: string,
  body: unknown,
  nowMs: number,
) {
  const stored = await getRule(stores, id);
  const expected = (body as { version?: unknown } | null)?.version;
  if (expected !== undefined && expected !== stored.version)
    throw new ApiError(
      409,
      'conflict',
      `alert rule ${id} is at version ${stored.version}, not ${String(expected)}`,
    );
  const input = mergeSecrets(parseInput(schema, body), stored);
  const rule = await stores.rules.save(id, stored.version + 1, input, Date.parse(stored.createdAt), nowMs);
  const disabled = await stores.deliveryLog.disabledReceivers();
  const reenabled = rule.receivers
    .map((receiver) => ({ receiverKey: receiverKeyOf(id, receiver.url), ruleId: id, url: receiver.url }))
    .filter((receiver) => disabled.has(receiver.receiverKey));
  if (reenabled.length > 0)
    await stores.deliveryLog.setReceiverDisabled(reenabled, false, 'rule saved', nowMs);
  const [view] = await viewsOf(stores, [rule]);
  return view!;
}

export async function deleteRule(stores: AlertStores, id: string, nowMs: number): Promise<void> {
  await stores.rules.remove(await getRule(stores, id), nowMs);
}
