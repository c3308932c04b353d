/**
 * Amounts for people: compact, with the currency's narrow symbol ("¥1.2M", "$40", "€99.5"). The
 * API's amounts are exact decimal strings; only this display rounds them.
 */

const formats = new Map<string, Intl.NumberFormat | null>();

function formatFor(currency: string): Intl.NumberFormat | null {
  if (!formats.has(currency)) {
    let format: Intl.NumberFormat | null = null;
    if (/^[A-Z]{3}$/.test(currency)) {
      try {
        format = new Intl.NumberFormat('en-US', {
          style: 'currency',
          currency,
          currencyDisplay: 'narrowSymbol',
          notation: 'compact',
          minimumFractionDigits: 0,
          maximumFractionDigits: 1,
        });
      } catch {
        format = null;
      }
    }
    formats.set(currency, format);
  }
  return formats.get(currency) ?? null;
}

const plain = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** "¥1.2M"; an amount in no known currency reads "1.2M" or "1.2M XYZ". */
export function formatAmount(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return '—';
  const format = formatFor(currency);
  if (format) return format.format(value);
  return currency ? `${plain.format(value)} ${currency}` : plain.format(value);
}

/** Several currencies' amounts: "¥1.2M · $40"; "—" when there are none. */
export function formatAmounts(amounts: readonly { currency: string; amount: string }[]): string {
  return amounts.length === 0 ? '—' : amounts.map((a) => formatAmount(a.amount, a.currency)).join(' · ');
}
