import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import type { DimensionFilters } from '../analytics/params.ts';
import type { LinkDefinition } from '../link/definition.ts';

/** A journey's value of a link dimension (its Dims array follows the link's dimensions). */
export function journeyDimensionSql(link: LinkDefinition, dimension: string): SqlFragment {
  const position = link.dimensions.indexOf(dimension);
  if (position < 0) throw new Error(`'${dimension}' is not a dimension of the link`);
  return sql`Dims[${UNSAFE_raw(String(position + 1))}]`;
}

/** Journeys whose dimension values are among the filters' (every filter holding); `1` without filters. */
export function journeyFiltersSql(link: LinkDefinition, filters: DimensionFilters): SqlFragment {
  const conditions = Object.entries(filters).map(
    ([dimension, values]) => sql`${journeyDimensionSql(link, dimension)} IN ${values}`,
  );
  return conditions.length === 0 ? sql`1` : join(conditions, ' AND ');
}

/** The group key of a journey: its values of the groupBy dimensions. */
export function journeyKeysSql(link: LinkDefinition, groupBy: readonly string[]): SqlFragment {
  if (groupBy.length === 0) return sql`emptyArrayString()`;
  return sql`[${join(
    groupBy.map((d) => journeyDimensionSql(link, d)),
    ', ',
  )}]`;
}
