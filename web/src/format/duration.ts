/** Formats a duration in milliseconds with units picked for reading: 0.42 ms, 12.3 ms, 1.25 s, 3.2 min. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${trim(ms.toFixed(abs < 0.01 ? 4 : 3))} ms`;
  if (abs < 10) return `${trim(ms.toFixed(2))} ms`;
  if (abs < 1000) return `${trim(ms.toFixed(1))} ms`;
  if (abs < 60_000) return `${trim((ms / 1000).toFixed(abs < 10_000 ? 2 : 1))} s`;
  if (abs < 3_600_000) return `${trim((ms / 60_000).toFixed(1))} min`;
  if (abs < 86_400_000) return `${trim((ms / 3_600_000).toFixed(1))} h`;
  return `${trim((ms / 86_400_000).toFixed(1))} d`;
}

/** Drops trailing zeros after a decimal point ("1.50" → "1.5", "2.00" → "2"). */
function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
