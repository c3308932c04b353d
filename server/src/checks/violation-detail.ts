import type { CheckDefinition } from '../link/check-schema.ts';

const ms = (ns: bigint) => `${Number(ns) / 1e6} ms`;

/** A violation in words, for the API and alert payloads ("2 successful channel_pay spans"). */
export function violationDetail(check: CheckDefinition, count: number, gapNs: bigint): string {
  switch (check.kind) {
    case 'atMostOnce':
      return `${count} successful ${check.step} spans`;
    case 'maxAttempts':
      return `${count} ${check.step} spans (max ${check.max})`;
    case 'notAfter':
      return `${check.step} started ${ms(gapNs)} after ${check.after} succeeded`;
    case 'requires':
      return count === 0
        ? `${check.step} with no ${check.requires}`
        : `${check.step} started ${ms(gapNs)} before the first ${check.requires}`;
    case 'followedBy':
      return `${count} successful ${check.step} span${count === 1 ? '' : 's'} with no successful ${check.then} within ${check.withinMs} ms`;
  }
}
