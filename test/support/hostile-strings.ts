import fc from 'fast-check';

/**
 * Parameter values an attacker or a broken client would send: SQL and ClickHouse syntax (quotes,
 * comments, UNION, parameter placeholders, SETTINGS), backslashes, control characters and NUL,
 * Unicode of every plane (and invalid UTF-8 as raw bytes), numbers at the edges, near-miss times
 * and durations, and long values. Each is a sequence of bytes, percent-encoded when sent, so
 * invalid UTF-8 reaches the server as it would from a socket.
 */
const FRAGMENTS = [
  "'",
  '"',
  '`',
  '\\',
  "\\'",
  ';',
  '--',
  '/*',
  '*/',
  '#',
  "' OR '1'='1",
  "1' OR 1=1 --",
  "'; DROP TABLE otel_traces; --",
  "') UNION ALL SELECT name, engine FROM system.tables --",
  ' UNION SELECT * FROM system.users',
  '{p_0:String}',
  '{from:DateTime64(9)}',
  ') SETTINGS max_execution_time=0 --',
  ' FORMAT JSON',
  'INTO OUTFILE',
  "file('/etc/passwd')",
  "url('http://169.254.169.254/')",
  '%',
  '_',
  '*',
  '?',
  '[',
  ']',
  '\u0000',
  '\n',
  '\r\n',
  '\t',
  '\u2028',
  '\uFEFF',
  '\u202E',
  'é',
  'e\u0301',
  '支付',
  '🙂',
  '𝔘',
  '..',
  '../',
  '/',
  '&',
  '=',
  '+',
  '%00',
  '%2F',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x1F',
  '9007199254740993',
  '99999999999999999999',
  '-1',
  '0',
  '1.5',
  ' 1',
  '1 ',
  '2026-11-24T10:00:00Z',
  '2026-02-30T25:61:61Z',
  '2026-11-24T10:00:00.1234567891Z',
  '+275760-09-13T00:00:00Z',
  '1795168800000',
  '30s',
  '5m',
  '1d',
  '1w',
  '1.5h',
  'ok',
  'error',
  'channel_pay',
  'payment.channel',
  'payment.channel,service.name',
  'alipay',
];

/** Percent-encoded, three characters a byte at worst: 6 KiB of URL (12 KiB when repeated). */
export const MAX_LONG_BYTES = 2000;

const textFromFragments = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

/** The value as UTF-8 bytes, or raw bytes that need not be valid UTF-8. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: textFromFragments.map((text) => Buffer.from(text, 'utf8')) },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((text) => Buffer.from(text, 'utf8')),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => Buffer.from(text, 'utf8')),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  {
    weight: 1,
    // Long, but within Node's 16 KiB limit for the request line once percent-encoded.
    arbitrary: fc
      .tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 500, max: MAX_LONG_BYTES }))
      .map(([fragment, bytes]) =>
        Buffer.from(fragment.repeat(Math.ceil(bytes / Math.max(1, fragment.length)))).subarray(0, bytes),
      ),
  },
);

/** Percent-encodes every byte outside the unreserved set, so the bytes arrive unchanged. */
export function percentEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** How a value is placed: as given, repeated (an array to Express), or under a mangled name. */
export type Placement = 'once' | 'twice' | 'bracketed';
export const placements: fc.Arbitrary<Placement> = fc.constantFrom<Placement>(
  'once',
  'once',
  'once',
  'twice',
  'bracketed',
);
