import pino, { type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from './log-format.ts';

/**
 * The process logger. Pretty lines are formatted in this process and written synchronously (no
 * worker thread): terminal volume is low, and lines stay in order with anything else printed.
 */
export function createLogger(level: Level | 'silent', format: LogFormat): Logger {
  const options = { level, base: { service: 'paylens' } };
  if (format === 'json') return pino(options);
  return pino(
    options,
    pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: false }),
  );
}
