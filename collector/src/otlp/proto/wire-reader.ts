import { OtlpDecodeError } from '../errors.ts';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/). */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const START_GROUP = 3;
export const END_GROUP = 4;
export const FIXED32 = 5;

const WIRE_TYPE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];
const TWO_32 = 4294967296;
/** Groups are long deprecated; nesting them deeper than this is an attack, not data. */
const MAX_GROUP_DEPTH = 32;

/**
 * A cursor over one protobuf buffer. Every read is bounded by the `end` of the enclosing message,
 * so a length that runs past its parent is caught where it is read.
 */
export class WireReader {
  readonly buf: Buffer;
  pos = 0;
  /** Halves of the last fixed64 read. */
  lo = 0;
  hi = 0;

  constructor(buf: Buffer) {
    this.buf = buf;
  }

  /** An unsigned varint as a number (exact up to 2^53, which covers every tag, length and enum). */
  varint(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos < end) {
      const first = buf[pos]!;
      if (first < 0x80) {
        this.pos = pos + 1;
        return first;
      }
    }
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new OtlpDecodeError(`truncated varint at byte ${this.pos}`);
      const byte = buf[pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        return value;
      }
      scale *= 128;
    }
    throw new OtlpDecodeError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A field key: returns `field << 3 | wireType` after checking both are legal. */
  tag(end: number): number {
    const at = this.pos;
    const tag = this.varint(end);
    const wireType = tag & 7;
    if (tag < 8 || wireType > FIXED32 || tag > 0xffffffff) {
      throw new OtlpDecodeError(
        `invalid field key ${tag} (field ${Math.floor(tag / 8)}, wire type ${wireType}) at byte ${at}`,
      );
    }
    return tag;
  }

  /** Reads a length prefix; returns where the payload ends (the cursor is at its start). */
  lengthEnd(end: number): number {
    const at = this.pos;
    const length = this.varint(end);
    if (length > end - this.pos) {
      throw new OtlpDecodeError(
        `length ${length} at byte ${at} runs past the end of its message (${end - this.pos} bytes left)`,
      );
    }
    return this.pos + length;
  }

  /** Reads a fixed64 into `lo`/`hi`. */
  fixed64(end: number): void {
    const pos = this.pos;
    if (end - pos < 8) throw new OtlpDecodeError(`truncated fixed64 at byte ${pos}`);
    const buf = this.buf;
    this.lo = (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0;
    this.hi = (buf[pos + 4]! | (buf[pos + 5]! << 8) | (buf[pos + 6]! << 16) | (buf[pos + 7]! << 24)) >>> 0;
    this.pos = pos + 8;
  }

  fixed32(end: number): number {
    const pos = this.pos;
    if (end - pos < 4) throw new OtlpDecodeError(`truncated fixed32 at byte ${pos}`);
    this.pos = pos + 4;
    return this.buf.readUInt32LE(pos);
  }

  double(end: number): number {
    const pos = this.pos;
    if (end - pos < 8) throw new OtlpDecodeError(`truncated double at byte ${pos}`);
    this.pos = pos + 8;
    return this.buf.readDoubleLE(pos);
  }

  /** A (two's-complement) int64 varint as a decimal string. */
  int64(end: number): string {
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    let lo = 0;
    let hi = 0;
    let byte = 0;
    let i = 0;
    for (; i < 10; i++) {
      if (pos >= end) throw new OtlpDecodeError(`truncated varint at byte ${start}`);
      byte = buf[pos++]!;
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi = bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (byte < 0x80) break;
    }
    if (i === 10) throw new OtlpDecodeError(`varint longer than 10 bytes at byte ${start}`);
    this.pos = pos;
    return int64Decimal(hi >>> 0, lo >>> 0);
  }

  /** Skips one field's payload of the given wire type. */
  skip(tag: number, end: number, groupDepth = 0): void {
    switch (tag & 7) {
      case VARINT:
        this.varint(end);
        return;
      case FIXED64:
        if (end - this.pos < 8) throw new OtlpDecodeError(`truncated fixed64 at byte ${this.pos}`);
        this.pos += 8;
        return;
      case LEN:
        this.pos = this.lengthEnd(end);
        return;
      case FIXED32:
        if (end - this.pos < 4) throw new OtlpDecodeError(`truncated fixed32 at byte ${this.pos}`);
        this.pos += 4;
        return;
      case START_GROUP:
        this.skipGroup(tag >>> 3, end, groupDepth + 1);
        return;
      default:
        throw new OtlpDecodeError(`unexpected end-group for field ${tag >>> 3} at byte ${this.pos}`);
    }
  }

  private skipGroup(field: number, end: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) throw new OtlpDecodeError(`groups nested deeper than ${MAX_GROUP_DEPTH}`);
    while (this.pos < end) {
      const tag = this.tag(end);
      if ((tag & 7) === END_GROUP) {
        if (tag >>> 3 !== field)
          throw new OtlpDecodeError(`end-group for field ${tag >>> 3} closes group ${field}`);
        return;
      }
      this.skip(tag, end, depth);
    }
    throw new OtlpDecodeError(`unterminated group for field ${field}`);
  }
}

/** Throws unless a known field arrived with the wire type its schema gives it. */
export function expectWireType(tag: number, wireType: number, field: string): void {
  if ((tag & 7) !== wireType) {
    const got = WIRE_TYPE_NAMES[tag & 7] ?? String(tag & 7);
    throw new OtlpDecodeError(
      `${field} has wire type ${tag & 7} (${got}), expected ${wireType} (${WIRE_TYPE_NAMES[wireType]})`,
    );
  }
}

function int64Decimal(hi: number, lo: number): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  if (hi >= 0x80000000) {
    // Negative: negate the two's complement.
    const negLo = (~lo + 1) >>> 0;
    const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0;
    if (negHi < 0x200000) return `-${negHi * TWO_32 + negLo}`;
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** A message's known fields: field number → [name, wire type]. */
export type FieldTable = readonly (readonly [string, number] | undefined)[];

export function fieldTable(message: string, fields: Record<number, readonly [string, number]>): FieldTable {
  const table: (readonly [string, number] | undefined)[] = [];
  for (const [field, [name, wireType]] of Object.entries(fields))
    table[Number(field)] = [`${message}.${name}`, wireType];
  return table;
}

/**
 * The default branch of every message decoder: a known field that arrived with the wrong wire type
 * makes the request malformed; any other field (unknown, or known but not stored) is skipped.
 */
export function skipUnknown(reader: WireReader, tag: number, end: number, fields: FieldTable): void {
  const known = fields[tag >>> 3];
  if (known !== undefined) expectWireType(tag, known[1], known[0]);
  reader.skip(tag, end);
}
