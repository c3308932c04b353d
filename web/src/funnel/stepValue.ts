import type { StepValue } from '../api/schemas/funnel.ts';
import { formatAmounts } from '../format/money.ts';

/** Which of a step's value figures the funnel shows, in order. */
const FIELDS = [
  { field: 'entered', label: 'Value entered' },
  { field: 'failed', label: 'Value failed' },
  { field: 'dropped', label: 'Value dropped' },
] as const;

/**
 * A step's value figures, one line each across currencies ("¥1.2M · $40"), leaving out zero
 * amounts; none when the link names no value.
 */
export function stepValueLines(
  values: readonly StepValue[],
): { field: string; label: string; text: string }[] {
  if (values.length === 0) return [];
  return FIELDS.map(({ field, label }) => ({
    field: `value-${field}`,
    label,
    text: formatAmounts(
      values.filter((v) => Number(v[field]) !== 0).map((v) => ({ currency: v.currency, amount: v[field] })),
    ),
  }));
}
