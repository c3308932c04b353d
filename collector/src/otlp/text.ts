declare global {
  // ES2024 (Node 20+); the project's lib is ES2023.
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/** Cuts to at most `max` UTF-16 code units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return text.slice(0, cut);
}

/** Lone surrogates (possible in JSON input) become U+FFFD, as invalid UTF-8 does in protobuf. */
export function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

const SHORT = 32;
const CACHE_SIZE = 4096;
/** Short ASCII strings (attribute keys, enum-like values) repeat across spans: decode each once. */
const shortStrings = new Map<number, string>();

function shortAscii(buf: Buffer, start: number, end: number): string | undefined {
  let hash = end - start;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (byte >= 0x80) return undefined;
    hash = (Math.imul(hash, 31) + byte) | 0;
  }
  const hit = shortStrings.get(hash);
  if (hit !== undefined && hit.length === end - start) {
    let same = true;
    for (let i = 0; i < hit.length; i++) {
      if (hit.charCodeAt(i) !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return hit;
  }
  const text = buf.toString('latin1', start, end);
  if (shortStrings.size >= CACHE_SIZE) shortStrings.clear();
  shortStrings.set(hash, text);
  return text;
}

/**
 * UTF-8 bytes → string, never throwing: invalid sequences become U+FFFD (WHATWG decoding, the same
 * as a non-fatal TextDecoder). Decodes at most what `maxChars` code units can need, so a huge value
 * that will be truncated costs little.
 */
export function decodeUtf8(buf: Buffer, start: number, end: number, maxChars: number): string {
  const length = end - start;
  if (length <= SHORT && length <= maxChars) {
    const ascii = shortAscii(buf, start, end);
    if (ascii !== undefined) return ascii;
  }
  // Each code unit takes at most 3 bytes, so this prefix holds ≥ maxChars complete code units.
  const needed = maxChars * 3 + 4;
  return truncate(buf.toString('utf8', start, length <= needed ? end : start + needed), maxChars);
}
