import type { LogRow, SpanRow } from '@paylens/store';
import type { WireEncoding } from './http/otlp-responses.ts';

/** What a decoder returns: the valid rows, plus a count and summary of the items it refused. */
export interface DecodeOutcome<Row> {
  rows: Row[];
  rejected: number;
  errorMessage?: string;
}

/** The decoding the receiver needs; pure functions from bytes to rows. */
export interface Decoders {
  traces(body: Buffer, encoding: WireEncoding): DecodeOutcome<SpanRow>;
  logs(body: Buffer, encoding: WireEncoding): DecodeOutcome<LogRow>;
  ndjsonLogs(body: Buffer): DecodeOutcome<LogRow>;
  /** Rows → JSONCompactEachRow bytes (arrays of `columns`' values) for the spool and the insert. */
  serialize(rows: readonly object[], columns: readonly string[]): Buffer;
}
