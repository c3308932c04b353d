import type { AttributeSink } from '../otlp/attribute-sink.ts';
import type { DecodeLimits } from '../otlp/limits.ts';
import { truncate, wellFormed } from '../otlp/text.ts';

/**
 * The fields of a log line that played no role become attributes: nested objects flattened with
 * dots (`{"http":{"status":200}}` → `http.status`), strings as-is, everything else as JSON text.
 * Below the depth limit an object stays whole, as JSON. `consumed` holds the dotted paths already
 * used (timestamp, body…), which are skipped with everything under them.
 */
export function flattenInto(
  object: Record<string, unknown>,
  consumed: ReadonlySet<string>,
  sink: AttributeSink,
  limits: DecodeLimits,
): void {
  walk(object, '', 1, consumed, sink, limits);
}

function walk(
  object: Record<string, unknown>,
  prefix: string,
  depth: number,
  consumed: ReadonlySet<string>,
  sink: AttributeSink,
  limits: DecodeLimits,
): void {
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (consumed.has(path)) continue;
    const value = object[key];
    if (isPlainObject(value) && depth < limits.maxDepth && Object.keys(value).length > 0) {
      walk(value, path, depth + 1, consumed, sink, limits);
      continue;
    }
    if (sink.full) {
      sink.drop();
      continue;
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    sink.add(
      wellFormed(truncate(path, limits.maxAttributeKeyLength)),
      wellFormed(truncate(text, limits.maxAttributeValueLength)),
    );
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
