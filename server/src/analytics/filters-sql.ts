import { join, type SqlFragment, sql } from '@paylens/store';
import { CHANNEL_ATTRIBUTE } from './link-spans-sql.ts';
import type { DimensionFilters } from './params.ts';

/** A link dimension's value on a link span ('' when the span has none). */
export function dimensionValueSql(dimension: string): SqlFragment {
  // The channel is also a column of its own (same attribute, LowCardinality): far cheaper to read.
  if (dimension === CHANNEL_ATTRIBUTE) return sql`Channel`;
  return sql`Dims[${dimension}]`;
}

/** Link spans whose dimensions take one of the given values, every filter holding. */
export function filtersSql(filters: DimensionFilters): SqlFragment | undefined {
  const conditions = Object.entries(filters).map(
    ([dimension, values]) => sql`${dimensionValueSql(dimension)} IN ${values}`,
  );
  return andSql(conditions);
}

/** The conjunction of the given conditions; undefined when there are none. */
export function andSql(conditions: readonly (SqlFragment | undefined)[]): SqlFragment | undefined {
  const present = conditions.filter((condition): condition is SqlFragment => condition !== undefined);
  return present.length === 0 ? undefined : sql`(${join(present, ') AND (')})`;
}
