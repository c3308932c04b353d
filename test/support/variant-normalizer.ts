/**
 * Makes API answers about one variant of the interop dataset comparable with another's: the same
 * payments shifted in time and carrying other ids. Ids and journey keys carry the variant digit in a
 * fixed place (interop-payments.ts); instants are shifted back by the variant's offset.
 */
const INSTANT_KEYS = new Set(['from', 'to', 't', 'startTime', 'timestamp', 'lastSpanAt', 'succeededAt']);
const NANOS_KEYS = new Set(['startTimeUnixNano']);

export function normalizeVariant(body: unknown, variant: number, shiftMs: number): unknown {
  const ids = new RegExp(`"${variant}([ab][0-9a-f]{30}|[ab][0-9a-f]{14})"`, 'g');
  const keys = new RegExp(`order-${variant}-`, 'g');
  const text = JSON.stringify(body).replace(ids, '"0$1"').replace(keys, 'order-0-');
  return shiftInstants(JSON.parse(text), shiftMs);
}

function shiftInstants(value: unknown, shiftMs: number, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => shiftInstants(item, shiftMs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, shiftInstants(item, shiftMs, name)]),
    );
  }
  if (key !== undefined && INSTANT_KEYS.has(key)) {
    if (typeof value === 'number') return value - shiftMs;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return shiftIso(value, shiftMs);
  }
  if (key !== undefined && NANOS_KEYS.has(key) && typeof value === 'string' && /^\d+$/.test(value)) {
    return (BigInt(value) - BigInt(shiftMs) * 1_000_000n).toString();
  }
  return value;
}

/** An ISO instant minus whole milliseconds, keeping any digits below the millisecond. */
function shiftIso(iso: string, shiftMs: number): string {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso);
  if (!match) return iso;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  const ms = Date.parse(`${match[1]}.${fraction.slice(0, 3)}Z`) - shiftMs;
  return `${new Date(ms).toISOString().slice(0, 23)}${fraction.slice(3)}Z`;
}

/**
 * Where two normalized answers differ, as `path: actual ≠ expected` lines (empty when equivalent).
 * Epoch-millisecond floats are ~1.8e12, spaced 2.4e-4 apart: instants may differ by that much.
 */
export function differences(actual: unknown, expected: unknown, path = '$', key?: string): string[] {
  if (typeof actual === 'number' && typeof expected === 'number') {
    const tolerance =
      key !== undefined && INSTANT_KEYS.has(key) ? 1e-3 : 1e-9 * Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= tolerance ? [] : [`${path}: ${actual} ≠ ${expected}`];
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return [`${path}: length ${actual.length} ≠ ${expected.length}`];
    return actual.flatMap((item, i) => differences(item, expected[i], `${path}[${i}]`));
  }
  if (isObject(actual) && isObject(expected)) {
    const names = [...new Set([...Object.keys(actual), ...Object.keys(expected)])];
    return names.flatMap((name) => differences(actual[name], expected[name], `${path}.${name}`, name));
  }
  return Object.is(actual, expected)
    ? []
    : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
