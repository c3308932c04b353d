/**
 * The ClickHouse HTTP interface sends query parameters as `param_<name>=<value>` in ClickHouse's
 * escaped text format. The test endpoint inlines them as typed literals before running the query
 * on chDB: `{name:Type}` becomes `CAST(<literal> AS Type)`.
 */
const QUOTED_TYPES =
  /^(Nullable\()?(LowCardinality\()?(String|FixedString|Date|DateTime|UUID|Enum|IPv|Decimal)/;

export function substituteParams(query: string, params: ReadonlyMap<string, string>): string {
  return query.replace(
    /\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+(?:\([^{}]*\))?)\}/g,
    (whole, name: string, type: string) => {
      const value = params.get(name);
      if (value === undefined) return whole;
      return `CAST(${literal(value, type.trim())} AS ${type.trim()})`;
    },
  );
}

function literal(value: string, type: string): string {
  if (value === '\\N') return 'NULL';
  if (QUOTED_TYPES.test(type)) return `'${value.replaceAll(/(?<!\\)'/g, "\\'")}'`;
  return value;
}
