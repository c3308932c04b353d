import type { Payment, SpanSpec } from './journey-shapes.ts';

/**
 * What payments are worth (the payment link's `value: { attribute: payment.amount,
 * currencyAttribute: payment.currency }`), on their checkout's entry span, in turn: none; cents in
 * USD a float would sum wrong (0.1 + 0.2); a number; a refund (negative); CNY amounts; an amount
 * that is no number (the journey has a currency but no value); a JPY payment worth 0 (its
 * currency is listed, worth "0"). Nine, so that twelve shapes get each in turn.
 */
const WORTH: readonly ({ text?: string; number?: number; currency: string } | undefined)[] = [
  undefined,
  { text: '0.10', currency: 'USD' },
  { text: '0.20', currency: 'USD' },
  { number: 99.5, currency: 'USD' },
  { text: '-0.30', currency: 'USD' },
  { text: '12.34', currency: 'CNY' },
  { text: '1234567.89', currency: 'CNY' },
  { text: 'n/a', currency: 'CNY' },
  { text: '0', currency: 'JPY' },
];

/** The i-th payment's entry span carries WORTH[(i + offset) % 9]. */
export function withWorth(payments: readonly Payment[], offset = 0): Payment[] {
  return payments.map((p, i) => {
    const worth = WORTH[(i + offset) % WORTH.length];
    if (!worth) return p;
    const priced = (span: SpanSpec): SpanSpec =>
      span.parentSpanId !== ''
        ? span
        : {
            ...span,
            attributes: {
              ...span.attributes,
              'payment.currency': worth.currency,
              ...(worth.text === undefined ? {} : { 'payment.amount': worth.text }),
            },
            ...(worth.number === undefined ? {} : { numbers: { 'payment.amount': worth.number } }),
          };
    return { ...p, checkout: { spans: p.checkout.spans.map(priced), logs: p.checkout.logs } };
  });
}

interface Valued {
  value: unknown;
  steps: { value: unknown }[];
}

/** Every value figure of a funnel response: top level, per step, and per group. */
export function valueFigures(funnel: Valued & { groups: (Valued & { key: unknown })[] }) {
  const of = (f: Valued) => ({ value: f.value, steps: f.steps.map((step) => step.value) });
  return { ...of(funnel), groups: funnel.groups.map((g) => ({ key: g.key, ...of(g) })) };
}
