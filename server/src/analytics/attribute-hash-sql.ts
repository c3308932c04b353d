import { join, type SqlFragment, sql, typed } from '@paylens/store';

/** Keys counted beside the span's own attributes. */
export const SERVICE_KEY = 'service.name';
export const SPAN_NAME_KEY = 'span.name';
export const PEER_KEY = 'peer';

const KEY_BITS = 24;
const VALUE_BITS = 40;

/**
 * A (key, value) pair as one UInt64: the key's hash in the top 24 bits, the pair's in the low 40.
 * Grouping by one integer is several times faster than by two strings, and the key stays readable
 * from the hash (`attributeKeyHashSql`), so values per key are counted without the strings. Two
 * values of a key (≤ 1000 of them are ranked) share a hash with odds below 10⁻⁶.
 */
export function attributeHashSql(key: SqlFragment, value: SqlFragment): SqlFragment {
  const keyMask = typed('UInt64', (2 ** KEY_BITS - 1).toString());
  const valueMask = typed('UInt64', (2 ** VALUE_BITS - 1).toString());
  return sql`toUInt64(bitOr(bitShiftLeft(bitAnd(cityHash64(${key}), ${keyMask}), ${VALUE_BITS}), bitAnd(cityHash64(${key}, ${value}), ${valueMask})))`;
}

/** The key part of an attribute hash (equal for every value of one key). */
export function attributeKeyHashSql(hash: SqlFragment): SqlFragment {
  return sql`bitShiftRight(${hash}, ${VALUE_BITS})`;
}

/**
 * A span's attribute pairs over otel_traces columns: span and resource attributes, service.name,
 * span.name and peer (the expression `peer`), without empty values, the `skipKeys` (the journey
 * key: an id per payment) and duplicates (service.name is also a resource attribute).
 */
export function attributePairsSql(skipKeys: readonly string[], peer: SqlFragment): SqlFragment {
  const extras = [
    sql`(${SERVICE_KEY}, toString(ServiceName))`,
    sql`(${SPAN_NAME_KEY}, toString(SpanName))`,
    sql`(${PEER_KEY}, toString(${peer}))`,
  ];
  return sql`arrayDistinct(arrayFilter(p -> p.2 != '' AND p.1 NOT IN ${typed('Array(String)', [...skipKeys])},
    arrayConcat(
      arrayZip(CAST(mapKeys(SpanAttributes), 'Array(String)'), mapValues(SpanAttributes)),
      arrayZip(CAST(mapKeys(ResourceAttributes), 'Array(String)'), mapValues(ResourceAttributes)),
      [${join(extras, ', ')}])))`;
}

/** The hashes of a span's attribute pairs: the link spans' `Attrs` column. */
export function attributeHashesSql(skipKeys: readonly string[], peer: SqlFragment): SqlFragment {
  return sql`CAST(arrayMap(p -> ${attributeHashSql(sql`p.1`, sql`p.2`)}, ${attributePairsSql(skipKeys, peer)}), 'Array(UInt64)')`;
}
