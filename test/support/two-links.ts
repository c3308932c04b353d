import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LINK_FILE } from '../../server/src/link/load-link.ts';
import type { Api } from './journey-checks.ts';
import type { Sent } from './journey-shapes.ts';

/**
 * A second link over the journey shapes' spans (test/support/journey-shapes.ts): settlement, whose
 * `charge` step is the very spans of the payment link's `channel_pay` (a span that is a step of
 * both links) with a tighter budget, then the callback and the order update.
 */
export const SETTLEMENT_YAML = `name: settlement
title: Settlement
journeyKey: [payment.order_id, order.id]
dimensions: [payment.channel]
steps:
  - id: charge
    match: { kind: client, attributes: { payment.channel: "*" } }
    timeoutMs: 600
  - id: confirm
    match: { span: "POST /callbacks/*" }
    timeoutMs: 1000
  - id: mark_paid
    match: { service: order-svc, span: order.mark_paid }
value: { attribute: payment.amount, currencyAttribute: payment.currency, currency: CNY }
`;

/**
 * What each payment is worth, on its checkout's entry span, in turn: none; decimal strings with
 * cents in several currencies (sums a float would get wrong: 0.1 + 0.2); a number; an amount
 * without a currency (the link's fixed CNY); a currency on a later span than the amount.
 */
const AMOUNTS: readonly ({ text?: string; number?: number; currency?: string } | undefined)[] = [
  undefined,
  { text: '0.10', currency: 'USD' },
  { text: '0.20', currency: 'USD' },
  { number: 99.5, currency: 'EUR' },
  { text: '1234567.89' },
  { text: '12.34', currency: 'CNY' },
  { text: 'n/a', currency: 'USD' },
  { text: '7', currency: 'JPY' },
];

/** The payments' entry spans with AMOUNTS (the i-th entry span gets AMOUNTS[i % length]). */
export function withAmounts(sent: Sent): Sent {
  let i = 0;
  return {
    spans: sent.spans.map((span) => {
      if (span.name !== 'POST /checkout') return span;
      const amount = AMOUNTS[i++ % AMOUNTS.length];
      if (!amount) return span;
      return {
        ...span,
        attributes: {
          ...span.attributes,
          ...(amount.text === undefined ? {} : { 'payment.amount': amount.text }),
          ...(amount.currency === undefined ? {} : { 'payment.currency': amount.currency }),
        },
        ...(amount.number === undefined ? {} : { numbers: { 'payment.amount': amount.number } }),
      };
    }),
    logs: sent.logs,
  };
}

/** The steps of the settlement link each payment-link step's spans are (the test's own mapping). */
const SETTLEMENT_STEP: Readonly<Record<string, string>> = {
  channel_pay: 'charge',
  payment_callback: 'confirm',
  order_update: 'mark_paid',
};

/** The spans as the settlement link classifies them: the test knows what each span was made for. */
export function asSettlement(sent: Sent): Sent {
  return {
    spans: sent.spans.map((span) => ({ ...span, step: span.step && SETTLEMENT_STEP[span.step] })),
    logs: sent.logs,
  };
}

/** A directory holding the payment link and, with `settlement`, the settlement link. */
export function linkDirectory(options: { settlement: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-links-'));
  copyFileSync(DEFAULT_LINK_FILE, join(dir, 'a-payment.yaml'));
  if (options.settlement) writeFileSync(join(dir, 'b-settlement.yaml'), SETTLEMENT_YAML);
  return dir;
}

/** The API client reading one link: `link=NAME` added to every path. */
export function withLink(api: Api, name: string): Api {
  return <T>(path: string) =>
    api<T>(`${path}${path.includes('?') ? '&' : '?'}link=${encodeURIComponent(name)}`);
}
