/**
 * One SQL tagged template for the whole project. Every interpolated value becomes a bound
 * `{p_N:Type}` parameter sent apart from the text; identifiers and other fragments that cannot be
 * bound must come from code (`ident`, `raw`), never from a request.
 */

export interface SqlQuery {
  readonly text: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A value with an explicit ClickHouse type, for when inference would pick the wrong one. */
export class TypedValue {
  readonly type: string;
  readonly value: unknown;
  constructor(type: string, value: unknown) {
    this.type = type;
    this.value = value;
  }
}

/** Trusted SQL text (a column, a function, a quantile level) chosen by code from a closed set. */
export class TrustedSql {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

type Hole = SqlFragment | TypedValue | TrustedSql | string | number | bigint | boolean | readonly string[];

/** A piece of SQL with holes, composable into larger queries before numbering the parameters. */
export class SqlFragment {
  readonly strings: readonly string[];
  readonly holes: readonly Hole[];
  constructor(strings: readonly string[], holes: readonly Hole[]) {
    this.strings = strings;
    this.holes = holes;
  }

  build(): SqlQuery {
    const params: Record<string, unknown> = {};
    let counter = 0;
    const render = (fragment: SqlFragment): string => {
      let text = fragment.strings[0] ?? '';
      fragment.holes.forEach((hole, i) => {
        text += renderHole(hole) + (fragment.strings[i + 1] ?? '');
      });
      return text;
    };
    const renderHole = (hole: Hole): string => {
      if (hole instanceof SqlFragment) return render(hole);
      if (hole instanceof TrustedSql) return hole.text;
      const name = `p_${counter++}`;
      const { type, value } = hole instanceof TypedValue ? hole : { type: inferType(hole), value: hole };
      params[name] = value;
      return `{${name}:${type}}`;
    };
    return { text: render(this), params };
  }
}

function inferType(value: string | number | bigint | boolean | readonly string[]): string {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Bool';
  if (typeof value === 'bigint') return 'Int64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Float64';
  return 'Array(String)';
}

export function sql(strings: TemplateStringsArray, ...holes: Hole[]): SqlFragment {
  return new SqlFragment(strings, holes);
}

export function typed(type: string, value: unknown): TypedValue {
  return new TypedValue(type, value);
}

/** Joins fragments with a trusted separator, e.g. `join(conditions, ' AND ')`. */
export function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  if (fragments.length === 0) return sql``;
  const strings = ['', ...fragments.slice(1).map(() => separator), ''];
  return new SqlFragment(strings, fragments);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An identifier picked from an allow-list written in code; anything else throws. */
export function ident(name: string, allowed: readonly string[]): TrustedSql {
  if (!allowed.includes(name) || !IDENTIFIER.test(name)) throw new Error(`identifier not allowed: ${name}`);
  return new TrustedSql(`\`${name}\``);
}

/**
 * Escape hatch for SQL text written in code (schema files, a closed map of expressions).
 * Named UNSAFE so every use can be found and reviewed.
 */
export function UNSAFE_raw(text: string): TrustedSql {
  return new TrustedSql(text);
}
