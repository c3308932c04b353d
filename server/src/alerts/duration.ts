/** Rule durations as written in rules: `30s`, `5m`, `1h`, `1d`, `250ms` (a whole number and a unit). */
const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or undefined when the text is not a duration (negative ones included). */
export function parseRuleDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2]!] ?? 1);
}

/** The shortest exact spelling of a duration, e.g. 300000 → `5m`, 90000 → `90s`. */
export function formatRuleDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
