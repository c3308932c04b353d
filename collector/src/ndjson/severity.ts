/** A log line's level → OTel SeverityNumber (trace 1, debug 5, info 9, warn 13, error 17, fatal 21). */
export interface Severity {
  text: string;
  number: number;
}

const BY_NAME: Record<string, number> = {
  trace: 1,
  debug: 5,
  info: 9,
  information: 9,
  informational: 9,
  notice: 10,
  warn: 13,
  warning: 13,
  error: 17,
  err: 17,
  fatal: 21,
  critical: 21,
  crit: 21,
  alert: 21,
  emerg: 21,
  emergency: 21,
  panic: 21,
  dpanic: 21,
};
const BASE: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };
/** pino/bunyan numeric levels. */
const PINO: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/**
 * Names (any case; `INFO2`-style OTel short names too) map by the table above. Numbers 10…60 in
 * steps of 10 are pino/bunyan levels; other integers 1–24 are taken as SeverityNumbers. Unknown
 * levels keep their text with number 0 (unspecified).
 */
export function severityOf(level: unknown): Severity {
  if (typeof level === 'number' || (typeof level === 'string' && /^\d{1,2}$/.test(level))) {
    const number = Number(level);
    const pino = PINO[number];
    if (pino !== undefined) return { text: pino, number: BY_NAME[pino]! };
    return { text: typeof level === 'string' ? level : '', number: number >= 1 && number <= 24 ? number : 0 };
  }
  if (typeof level !== 'string') return { text: '', number: 0 };
  const name = level.trim().toLowerCase();
  const known = BY_NAME[name];
  if (known !== undefined) return { text: level, number: known };
  const numbered = /^(trace|debug|info|warn|error|fatal)([1-4])$/.exec(name);
  if (numbered) return { text: level, number: BASE[numbered[1]!]! + Number(numbered[2]) - 1 };
  return { text: level, number: 0 };
}
