import { readFileSync } from 'node:fs';

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** Peak resident set size of a process in MiB (Linux VmHWM). */
export const peakRssMiB = (pid: number): number => statusField(pid, 'VmHWM');
/** Current resident set size of a process in MiB. */
export const rssMiB = (pid: number): number => statusField(pid, 'VmRSS');

/** Nearest-rank quantile of a sample (the value at rank ceil(q·n)). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}
