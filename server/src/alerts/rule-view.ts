import { dimensionsOfGroupKey, receiverKeyOf } from './ids.ts';
import type { AlertRule, AlertRuleInput, Receiver } from './rule-types.ts';
import type { AlertStateName } from './state-machine.ts';
import type { StoredAlertState } from './state-repository.ts';

/** Header values shown as this in responses; sending it back keeps the stored value. */
export const REDACTED = '<redacted>';
const SENSITIVE_HEADER = /authorization|token|key|secret|password|cookie|signature/i;

export interface ReceiverView extends Omit<Receiver, 'secret'> {
  hasSecret: boolean;
  disabled: boolean;
  disabledReason?: string;
}

export interface AlertView {
  dimensions: Record<string, string>;
  state: AlertStateName;
  value: number | null;
  activeSince: string | null;
  firingSince: string | null;
  evaluatedAt: string;
}

export type RuleView = Omit<AlertRule, 'receivers'> & {
  state: AlertStateName;
  receivers: ReceiverView[];
  alerts: AlertView[];
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const RANK: Record<AlertStateName, number> = { firing: 3, pending: 2, resolved: 1, inactive: 0 };

/** A rule as the API shows it: secrets left out, its overall state and its live alerts beside. */
export function ruleView(
  rule: AlertRule,
  states: readonly StoredAlertState[],
  disabled: ReadonlyMap<string, string>,
): RuleView {
  const alerts = states
    .filter((state) => state.state !== 'inactive')
    .sort((a, b) => RANK[b.state] - RANK[a.state] || a.groupKey.localeCompare(b.groupKey))
    .map((state) => ({
      dimensions: dimensionsOfGroupKey(state.groupKey),
      state: state.state,
      value: state.value,
      activeSince: iso(state.activeSinceMs),
      firingSince: iso(state.firingSinceMs),
      evaluatedAt: new Date(state.evaluatedMs).toISOString(),
    }));
  const { receivers, ...rest } = rule;
  return {
    ...rest,
    state: alerts[0]?.state ?? 'inactive',
    alerts,
    receivers: receivers.map(({ secret, headers, ...receiver }) => {
      const reason = disabled.get(receiverKeyOf(rule.id, receiver.url));
      return {
        ...receiver,
        headers: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [
            name,
            SENSITIVE_HEADER.test(name) ? REDACTED : value,
          ]),
        ),
        hasSecret: Boolean(secret),
        disabled: reason !== undefined,
        ...(reason === undefined ? {} : { disabledReason: reason }),
      };
    }),
  };
}

type IncomingReceiver = Omit<Receiver, 'secret'> & { secret?: string | null };

/**
 * Merges an update with what is stored: a receiver sent without `secret` keeps the secret of the
 * stored receiver with the same URL (`null` removes it), and a header sent as `<redacted>` keeps
 * its stored value.
 */
export function mergeSecrets(
  incoming: Omit<AlertRuleInput, 'receivers'> & { receivers: IncomingReceiver[] },
  stored: AlertRule | undefined,
): AlertRuleInput {
  const receivers = incoming.receivers.map((receiver): Receiver => {
    const previous = stored?.receivers.find((candidate) => candidate.url === receiver.url);
    const { secret, headers, ...rest } = receiver;
    const merged: Receiver = {
      ...rest,
      headers: Object.fromEntries(
        Object.entries(headers)
          .map(([name, value]): [string, string | undefined] => [
            name,
            value === REDACTED ? previous?.headers[name] : value,
          ])
          .filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    };
    const kept = secret === undefined ? previous?.secret : (secret ?? undefined);
    if (kept) merged.secret = kept;
    return merged;
  });
  return { ...incoming, receivers };
}
