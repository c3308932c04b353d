/**
 * What journeys are worth, summed per currency (DESIGN.md "Several links, and what a journey is
 * worth"). Amounts are exact decimal strings ("1234.5"): sums are made by ClickHouse in decimals and
 * never pass through a float.
 */

/** A decimal amount as text: sign, digits, optional fraction. */
export type DecimalText = string;

export interface FunnelValue {
  currency: string;
  /** Sum of the values of the journeys (that carry one). */
  journeys: DecimalText;
  /** Sum of the values of the completed journeys. */
  completed: DecimalText;
}

export interface FunnelStepValue {
  currency: string;
  entered: DecimalText;
  succeeded: DecimalText;
  failed: DecimalText;
  dropped: DecimalText;
}

export interface CurrencyAmount {
  currency: string;
  amount: DecimalText;
}

/** `12.340000000` → `12.34`, `5.000` → `5`, `-0.50` → `-0.5`: trailing fraction zeros dropped. */
export function decimalText(raw: string): DecimalText {
  if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new Error(`not a decimal: ${raw}`);
  const trimmed = raw.includes('.') ? raw.replace(/0+$/, '').replace(/\.$/, '') : raw;
  return trimmed === '-0' ? '0' : trimmed;
}

/** The kinds of the keys the funnel's value sums are kept under (the rollup's value rows, the exact funnel's sums). */
export const VALUE_KEY = {
  journeys: 'j',
  completed: 'c',
  entered: 'e',
  succeeded: 's',
  failed: 'f',
  dropped: 'd',
} as const;

type ValueKind = (typeof VALUE_KEY)[keyof typeof VALUE_KEY];

/** A sum's key: kind, step index ('' for the whole funnel) and currency, tab-separated. */
export function valueKey(kind: ValueKind, step: number | '', currency: string): string {
  return `${kind}\t${step}\t${currency}`;
}

/**
 * The funnel's value figures from the sums keyed by valueKey: per currency over the whole funnel,
 * and per step; currencies in name order, absent sums "0". A step lists the currencies of the
 * journeys that entered it or dropped before it.
 */
export function funnelValues(
  keys: readonly string[],
  sums: readonly string[],
  stepCount: number,
): { value: FunnelValue[]; steps: FunnelStepValue[][] } {
  const byKey = new Map(keys.map((key, i) => [key, decimalText(sums[i] ?? '0')]));
  const sumOf = (kind: ValueKind, step: number | '', currency: string) =>
    byKey.get(valueKey(kind, step, currency)) ?? '0';
  const currencies = [...new Set(keys.map((key) => key.slice(key.lastIndexOf('\t') + 1)))].sort();
  const value = currencies
    .filter((currency) => byKey.has(valueKey(VALUE_KEY.journeys, '', currency)))
    .map((currency) => ({
      currency,
      journeys: sumOf(VALUE_KEY.journeys, '', currency),
      completed: sumOf(VALUE_KEY.completed, '', currency),
    }));
  const steps = Array.from({ length: stepCount }, (_, k) =>
    currencies
      .filter(
        (currency) =>
          byKey.has(valueKey(VALUE_KEY.entered, k, currency)) ||
          byKey.has(valueKey(VALUE_KEY.dropped, k, currency)),
      )
      .map((currency) => ({
        currency,
        entered: sumOf(VALUE_KEY.entered, k, currency),
        succeeded: sumOf(VALUE_KEY.succeeded, k, currency),
        failed: sumOf(VALUE_KEY.failed, k, currency),
        dropped: sumOf(VALUE_KEY.dropped, k, currency),
      })),
  );
  return { value, steps };
}

/** Amounts per currency (a sumMap's keys and sums), in currency order. */
export function currencyAmounts(currencies: readonly string[], sums: readonly string[]): CurrencyAmount[] {
  return currencies
    .map((currency, i) => ({ currency, amount: decimalText(sums[i] ?? '0') }))
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
