/** Trace and span ids: 16 and 8 bytes on the wire, lowercase hex in rows and in OTLP/JSON. */
export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

const HEX = /^[0-9a-fA-F]*$/;

export function isAllZeroBytes(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

export function hexOfBytes(buf: Buffer, start: number, end: number): string {
  return buf.toString('hex', start, end);
}

/** Lowercase hex of an id of `bytes` bytes, or undefined when the text is not one. */
export function normalizeHexId(text: string, bytes: number): string | undefined {
  if (text.length !== bytes * 2 || !HEX.test(text)) return undefined;
  return text.toLowerCase();
}

export function isAllZeroHex(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}
