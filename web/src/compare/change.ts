/**
 * "Is it getting worse?": a figure beside the same figure over an earlier window (`compare=`).
 * Latencies and counts change by a ratio (p99 +35 %), rates and conversions by points (−2.1 points).
 */

/** What `compare` may be in the URL, and how the picker says it. */
export const COMPARE_OPTIONS = [
  { value: '', label: 'none' },
  { value: '1h', label: '1 hour before' },
  { value: '1d', label: '1 day before' },
  { value: '7d', label: '7 days before' },
] as const;

/** The compare window in the URL, when it is one the picker offers. */
export function readCompare(params: URLSearchParams): string | undefined {
  const value = params.get('compare') ?? '';
  return COMPARE_OPTIONS.some((o) => o.value === value) && value !== '' ? value : undefined;
}

export interface Change {
  /** The text shown: "+35 %", "−2.1 points", "new", "±0 %". */
  text: string;
  /** Worse, better or the same, given whether a rise is bad for this figure. */
  tone: 'worse' | 'better' | 'same';
}

const MINUS = '−';

function signed(value: number, digits: number): string {
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return `±${(0).toFixed(digits)}`;
  return `${rounded > 0 ? '+' : MINUS}${Math.abs(rounded).toFixed(digits)}`;
}

function tone(delta: number, riseIsBad: boolean): Change['tone'] {
  if (delta === 0) return 'same';
  return delta > 0 === riseIsBad ? 'worse' : 'better';
}

/** A ratio change (latency, count); undefined when there is nothing to compare. */
export function relativeChange(
  current: number | null | undefined,
  previous: number | null | undefined,
  riseIsBad = true,
): Change | undefined {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return undefined;
  if (previous === 0)
    return current === 0
      ? { text: '±0 %', tone: 'same' }
      : { text: 'new', tone: riseIsBad ? 'worse' : 'better' };
  const percent = ((current - previous) / previous) * 100;
  const digits = Math.abs(percent) < 10 ? 1 : 0;
  const text = `${signed(percent, digits)} %`;
  return { text, tone: text.startsWith('±') ? 'same' : tone(percent, riseIsBad) };
}

/** A change of a rate in [0, 1] in percentage points. */
export function pointChange(
  current: number | null | undefined,
  previous: number | null | undefined,
  riseIsBad: boolean,
): Change | undefined {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return undefined;
  const points = (current - previous) * 100;
  const text = `${signed(points, 1)} points`;
  return { text, tone: text.startsWith('±') ? 'same' : tone(points, riseIsBad) };
}
