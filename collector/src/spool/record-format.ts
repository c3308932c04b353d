import { crc32 } from 'node:zlib';

/**
 * Spool record framing: a 13-byte header then the payload (JSONEachRow rows for one table).
 *   u32 payload length | u32 crc32(payload) | u8 table code | u32 row count
 * A torn write at the end of a segment fails the length or CRC check and is dropped on replay;
 * it was never acknowledged, because acknowledgement waits for fsync.
 */
export const HEADER_BYTES = 13;

export const TABLE_CODES = { otel_traces: 1, otel_logs: 2 } as const;
export type SpoolTable = keyof typeof TABLE_CODES;
const TABLE_BY_CODE = new Map<number, SpoolTable>(
  Object.entries(TABLE_CODES).map(([table, code]) => [code, table as SpoolTable]),
);

export interface SpoolRecord {
  table: SpoolTable;
  rows: number;
  payload: Buffer;
}

export function encodeRecord(record: SpoolRecord): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(record.payload.length, 0);
  header.writeUInt32LE(crc32(record.payload), 4);
  header.writeUInt8(TABLE_CODES[record.table], 8);
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
    const table = TABLE_BY_CODE.get(data.readUInt8(offset + 8));
    const rows = data.readUInt32LE(offset + 9);
    const end = offset + HEADER_BYTES + length;
    if (table === undefined || end > data.length) break;
    const payload = data.subarray(offset + HEADER_BYTES, end);
    if (crc32(payload) !== checksum) break;
    records.push({ table, rows, payload });
    offset = end;
  }
  return { records, validBytes: offset };
}
