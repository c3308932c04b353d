/**
 * How attribute values become the exporter's strings (pdata `Value.AsString`): strings as-is,
 * integers in decimal, doubles in the ECMAScript shortest form, booleans `true`/`false`, bytes as
 * standard base64, arrays and key-value lists as JSON (object keys sorted, the last of a repeated
 * key winning, as Go's encoding/json writes a map). Both decoders build the JSON through here, so
 * protobuf and OTLP/JSON give identical rows.
 */

export function formatBool(value: boolean): string {
  return value ? 'true' : 'false';
}

export function formatDouble(value: number): string {
  return String(value);
}

/** A double inside JSON: non-finite numbers have no JSON form and become null. */
export function jsonDouble(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

export function jsonString(value: string): string {
  return JSON.stringify(value);
}

export function jsonArray(items: readonly string[]): string {
  return `[${items.join(',')}]`;
}

/** Entries are [key, JSON text] pairs in arrival order. */
export function jsonObject(entries: readonly (readonly [string, string])[]): string {
  const byKey = new Map<string, string>();
  for (const [key, json] of entries) byKey.set(key, json);
  const keys = [...byKey.keys()].sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) out += ',';
    out += `${JSON.stringify(key)}:${byKey.get(key)}`;
  }
  return `${out}}`;
}
