import { join, type SqlFragment, sql } from '@paylens/store';
import type { LinkDefinition, StepMatch } from './definition.ts';

/**
 * Step classification (match.ts) as a ClickHouse expression over otel_traces columns: the id of
 * the first matching step, or ''. Globs become LIKE patterns; every value is a bound parameter.
 */
export function stepSql(link: Pick<LinkDefinition, 'steps'>): SqlFragment {
  const branches = link.steps.map((step) => sql`${matchSql(step.match)}, ${step.id}`);
  return sql`multiIf(${join(branches, ', ')}, '')`;
}

function matchSql(match: StepMatch): SqlFragment {
  const conditions: SqlFragment[] = [];
  if (match.service !== undefined) conditions.push(sql`ServiceName = ${match.service}`);
  if (match.span !== undefined) conditions.push(sql`SpanName LIKE ${globToLike(match.span)}`);
  if (match.kind !== undefined) conditions.push(sql`lower(SpanKind) IN ${kindSpellings(match.kind)}`);
  for (const [key, glob] of Object.entries(match.attributes ?? {})) {
    const value = attributeSql(key);
    conditions.push(sql`(${value} != '' AND ${value} LIKE ${globToLike(glob)})`);
  }
  // A match of only `attributes: {}` holds for every span, as in match.ts.
  return conditions.length === 0 ? sql`1` : sql`(${join(conditions, ' AND ')})`;
}

/** A span attribute, else the resource attribute of that name ('' when neither is set). */
export function attributeSql(key: string): SqlFragment {
  return sql`if(SpanAttributes[${key}] != '', SpanAttributes[${key}], ResourceAttributes[${key}])`;
}

/** Lower-cased spellings of a kind as exporters store it: `client` and `span_kind_client`. */
export function kindSpellings(kind: string): string[] {
  return [kind, `span_kind_${kind}`];
}

/** `*` → `%`, `?` → `_`; LIKE's own `%`, `_` and `\` are escaped so they match themselves. */
export function globToLike(glob: string): string {
  return Array.from(glob, (char) => {
    if (char === '*') return '%';
    if (char === '?') return '_';
    if (char === '%' || char === '_' || char === '\\') return `\\${char}`;
    return char;
  }).join('');
}
