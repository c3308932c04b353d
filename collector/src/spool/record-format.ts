import { crc32 } from 'node:zlib';
import { LOG_COLUMNS, SPAN_COLUMNS } from '@paylens/store';

/**
 * Spool record framing: a 13-byte header then the payload (rows for one table).
 *   u32 payload length | u32 crc32(payload) | u8 record code | u32 row count
 * A torn write at the end of a segment fails the length or CRC check and is dropped on replay;
 * it was never acknowledged, because acknowledgement waits for fsync.
 */
export const HEADER_BYTES = 13;

export type SpoolTable = 'otel_traces' | 'otel_logs';

/**
 * How a record's rows are written: `columns`, JSON arrays of SPOOL_COLUMNS' values (what paylens
 * writes); `objects`, JSON objects (what versions before wrote: still replayed after an upgrade).
 */
export type RowLayout = 'columns' | 'objects';

/** The columns of a table's array rows. Changing a list needs new record codes (old spools replay). */
export const SPOOL_COLUMNS: Record<SpoolTable, readonly string[]> = {
  otel_traces: SPAN_COLUMNS,
  otel_logs: LOG_COLUMNS,
};

const RECORD_CODES: Record<RowLayout, Record<SpoolTable, number>> = {
  objects: { otel_traces: 1, otel_logs: 2 },
  columns: { otel_traces: 3, otel_logs: 4 },
};
const KIND_BY_CODE = new Map<number, { table: SpoolTable; layout: RowLayout }>(
  Object.entries(RECORD_CODES).flatMap(([layout, codes]) =>
    Object.entries(codes).map(([table, code]) => [
      code,
      { table: table as SpoolTable, layout: layout as RowLayout },
    ]),
  ),
);

export interface SpoolRecord {
  table: SpoolTable;
  layout: RowLayout;
  rows: number;
  payload: Buffer;
}

export function encodeRecord(record: SpoolRecord): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(record.payload.length, 0);
  header.writeUInt32LE(crc32(record.payload), 4);
  header.writeUInt8(RECORD_CODES[record.layout][record.table], 8);
  header.writeUInt32LE(record.rows, 9);
  return [header, record.payload];
}

export interface DecodedSegment {
  records: SpoolRecord[];
  /** Bytes of valid records; anything after is a torn tail. */
  validBytes: number;
}

/** Reads records until the end or the first damaged one. */
export function decodeSegment(data: Buffer): DecodedSegment {
  const records: SpoolRecord[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    const kind = KIND_BY_CODE.get(data.readUInt8(offset + 8));
    const rows = data.readUInt32LE(offset + 9);
    const end = offset + HEADER_BYTES + length;
    if (kind === undefined || end > data.length) break;
    const payload = data.subarray(offset + HEADER_BYTES, end);
    if (crc32(payload) !== checksum) break;
    records.push({ ...kind, rows, payload });
    offset = end;
  }
  return { records, validBytes: offset };
}
