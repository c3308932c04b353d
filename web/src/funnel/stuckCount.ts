import { formatCount } from '../format/number.ts';

/** "showing 100 of 1,234" when the server listed fewer stuck journeys than there are; else null. */
export function stuckShowingText(listed: number, total: number | undefined): string | null {
  if (total === undefined || total <= listed) return null;
  return `showing ${formatCount(listed)} of ${formatCount(total)}`;
}
