import type { AddressPolicy } from './address-guard.ts';
import { parseRuleDuration } from './duration.ts';

export interface AlertingEnvOptions {
  intervalMs: number;
  addressPolicy: AddressPolicy;
  requestTimeoutMs: number;
}

/**
 * Alerting settings from the environment:
 * - `PAYLENS_ALERT_INTERVAL` (default 30s): evaluation period;
 * - `PAYLENS_WEBHOOK_ALLOW_PRIVATE` (`true`/`1`): let webhooks reach link-local and metadata addresses;
 * - `PAYLENS_WEBHOOK_ALLOWLIST`: comma-separated hosts, addresses or CIDRs let through anyway;
 * - `PAYLENS_WEBHOOK_TIMEOUT` (default 10s): deadline of one delivery attempt.
 */
export function alertingOptionsFromEnv(env: NodeJS.ProcessEnv): AlertingEnvOptions {
  const duration = (name: string, fallback: string) => {
    const ms = parseRuleDuration(env[name] ?? fallback);
    if (ms === undefined || ms <= 0)
      throw new Error(`${name} must be a duration like 30s, got '${env[name]}'`);
    return ms;
  };
  return {
    intervalMs: duration('PAYLENS_ALERT_INTERVAL', '30s'),
    requestTimeoutMs: duration('PAYLENS_WEBHOOK_TIMEOUT', '10s'),
    addressPolicy: {
      allowPrivate: ['1', 'true', 'yes', 'on'].includes(
        (env.PAYLENS_WEBHOOK_ALLOW_PRIVATE ?? '').toLowerCase(),
      ),
      allow: (env.PAYLENS_WEBHOOK_ALLOWLIST ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    },
  };
}
