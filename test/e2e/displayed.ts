/**
 * Reads numbers back from what the page shows, written apart from the web app's formatters so the
 * tests check the page against the API's JSON rather than against the app's own code.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "1.25 s" → 1250, "0.421 ms" → 0.421. */
export function parseDisplayedMs(text: string): number {
  const match = /^\s*(-?[\d.]+)\s*(ms|s|min|h|d)\s*$/.exec(text);
  if (!match) throw new Error(`not a displayed duration: ${JSON.stringify(text)}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** Whether a displayed duration is the API's value, to the precision shown (about 3 significant digits). */
export function msMatches(text: string, expectedMs: number): boolean {
  const shown = parseDisplayedMs(text);
  return Math.abs(shown - expectedMs) <= Math.max(0.0051, Math.abs(expectedMs) * 0.006);
}

/** "1,234" → 1234 */
export function parseDisplayedCount(text: string): number {
  const cleaned = text.replace(/,/g, '').trim();
  if (!/^\d+$/.test(cleaned)) throw new Error(`not a displayed count: ${JSON.stringify(text)}`);
  return Number(cleaned);
}

/** Whether "12.3%" shows the ratio 0.1234 (to one decimal place of a percent). */
export function percentMatches(text: string, ratio: number | null): boolean {
  if (ratio === null) return text.trim() === '—';
  if (text.trim() === '<0.1%') return ratio > 0 && ratio < 0.001;
  const match = /^\s*([\d.]+)%\s*$/.exec(text);
  return match !== null && Math.abs(Number(match[1]) - ratio * 100) <= 0.051;
}
