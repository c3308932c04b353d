import type { SpoolTable } from './spool/record-format.ts';

/** Hooks the runtime connects to its metrics; the collector itself stays free of them. */
export interface IngestObserver {
  accepted(signal: 'traces' | 'logs', items: number): void;
  rejectedItems(signal: 'traces' | 'logs', reason: string, items: number): void;
  rejectedRequest(status: number): void;
  inserted(table: SpoolTable, rows: number, seconds: number): void;
  insertFailed(): void;
}

export const NO_OBSERVER: IngestObserver = {
  accepted: () => {},
  rejectedItems: () => {},
  rejectedRequest: () => {},
  inserted: () => {},
  insertFailed: () => {},
};
