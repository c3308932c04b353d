import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';

/**
 * The newest version of each row of a ReplacingMergeTree table, exact before merges:
 * `argMax(t.col, t.Version) AS col` for every column, grouped by the key. The `t.` qualification
 * makes `t.Version` the column even where `Version` is also an alias; `where` must qualify the
 * columns it names the same way (`t.EventId`) unless they are key columns. Names come from code.
 */
export function latestSql(
  table: string,
  key: readonly string[],
  columns: readonly string[],
  where?: SqlFragment,
): SqlFragment {
  const picked = columns.map((column) => UNSAFE_raw(`argMax(t.${column}, t.Version) AS ${column}`));
  const keys = UNSAFE_raw(key.join(', '));
  return sql`SELECT ${keys}, max(t.Version) AS Version, ${join(
    picked.map((p) => sql`${p}`),
    ', ',
  )}
    FROM ${UNSAFE_raw(table)} AS t ${where ? sql`WHERE ${where}` : sql``}
    GROUP BY ${keys}`;
}
