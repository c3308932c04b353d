import { type ClickHouseDriver, ident, sql } from '@paylens/store';
import fc from 'fast-check';
import { JOURNEY_STORE_TABLES } from '../../server/src/journeys/journey-store.ts';
import { hostileBytes, type Placement, percentEncode, placements } from './hostile-strings.ts';
import type { OpenApiValidator } from './openapi-validator.ts';

/**
 * Property-based fuzzing of every parameter of every GET endpoint documented in openapi.yaml: one
 * parameter takes a hostile value, the others keep valid ones, and the answer must be a JSON 200 of
 * the documented shape or a JSON 4xx `{ error: { code, message } }` — never a 500, never a hang.
 * Shared by test/api-fuzz.int.test.ts (quick) and bench/fuzz-api.ts (≥ 100k cases each).
 */
export interface FuzzTarget {
  /** Documented path template, e.g. `/traces/{traceId}`. */
  path: string;
  /** Parameters to fuzz: `query:<name>` or `path:<name>`. */
  parameters: string[];
}

export interface FuzzContext {
  baseUrl: string;
  openapi: OpenApiValidator;
  /** Valid values for query parameters (the ones not being fuzzed) and path parameters. */
  baseline: Record<string, string>;
  /** The link's dimensions (the `dimensions` object parameter expands to one parameter each). */
  dimensions: readonly string[];
  timeoutMs?: number;
}

type Json = Record<string, unknown>;

/** GET operations of the document with their parameters (resolving `$ref`s and dimension filters). */
export function fuzzTargets(
  documentPaths: Json,
  components: Json,
  dimensions: readonly string[],
): FuzzTarget[] {
  const resolve = (p: Json): Json =>
    typeof p.$ref === 'string' ? ((components.parameters as Json)[p.$ref.split('/').at(-1)!] as Json) : p;
  return Object.entries(documentPaths).flatMap(([path, item]) => {
    const get = (item as Json).get as Json | undefined;
    if (!get) return [];
    const parameters = ((get.parameters ?? []) as Json[]).map(resolve).flatMap((p) => {
      if (p.in === 'query' && (p.schema as Json | undefined)?.type === 'object') {
        return dimensions.map((d) => `query:${d}`);
      }
      return [`${String(p.in)}:${String(p.name)}`];
    });
    // A parameter no endpoint knows: analytics endpoints refuse it, others ignore it.
    return [{ path, parameters: [...parameters, 'query:x-unknown'] }];
  });
}

export interface FuzzCase {
  parameter: string;
  value: Uint8Array;
  placement: Placement;
}

export function caseArbitrary(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  return fc.record({
    parameter: fc.constantFrom(...target.parameters),
    value: hostileBytes,
    placement: placements,
  });
}

/** The request URL for a case: valid baseline values, the fuzzed one in its placement. */
export function caseUrl(ctx: FuzzContext, target: FuzzTarget, fuzz: FuzzCase): string {
  const [where, name] = fuzz.parameter.split(':') as ['query' | 'path', string];
  const encoded = percentEncode(fuzz.value);
  let path = target.path;
  for (const match of target.path.matchAll(/\{([^}]+)\}/g)) {
    const param = match[1]!;
    const value =
      where === 'path' && name === param ? encoded || '%20' : encodeURIComponent(ctx.baseline[param] ?? 'x');
    path = path.replace(`{${param}}`, value);
  }
  const query: string[] = [];
  for (const parameter of target.parameters) {
    const [kind, key] = parameter.split(':') as ['query' | 'path', string];
    if (kind !== 'query') continue;
    if (parameter === fuzz.parameter) {
      const encodedName = encodeURIComponent(key);
      if (fuzz.placement === 'twice') query.push(`${encodedName}=${encoded}`, `${encodedName}=${encoded}`);
      else if (fuzz.placement === 'bracketed') query.push(`${encodedName}%5B0%5D=${encoded}`);
      else query.push(`${encodedName}=${encoded}`);
    } else if (ctx.baseline[key] !== undefined) {
      query.push(`${encodeURIComponent(key)}=${encodeURIComponent(ctx.baseline[key])}`);
    }
  }
  return `${ctx.baseUrl}/api/v1${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** Sends one case and throws (with the URL) unless the answer is a documented JSON 200 or a JSON 4xx. */
export async function checkCase(ctx: FuzzContext, target: FuzzTarget, fuzz: FuzzCase): Promise<number> {
  const url = caseUrl(ctx, target, fuzz);
  const response = await fetch(url, { signal: AbortSignal.timeout(ctx.timeoutMs ?? 15_000) });
  const text = await response.text();
  const fail = (why: string): never => {
    throw new Error(`${why}\n  GET ${url}\n  → ${response.status} ${text.slice(0, 500)}`);
  };
  if (![200, 400, 404].includes(response.status)) fail(`status ${response.status}`);
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) fail('not JSON');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail('body is not JSON');
  }
  if (response.status === 200) {
    const problems = ctx.openapi.validate('get', target.path, 200, body);
    if (problems.length > 0) fail(`200 not of the documented shape: ${problems.join('; ')}`);
    return 200;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string')
    fail('4xx without { error: { code, message } }');
  if (response.status === 404 && !target.path.includes('{') && error?.code !== 'not_found')
    fail('404 on a query endpoint');
  // DESIGN.md: "bad parameters get 400 naming the parameter".
  const name = fuzz.parameter.split(':')[1]!;
  // (Express refuses a path segment that is not valid percent-encoding before any route runs, with
  // "Failed to decode param '%80'": it names the value, not the parameter.)
  const undecodable = String(error?.message).startsWith('Failed to decode param');
  if (response.status === 400 && !String(error?.message).includes(name) && !undecodable) {
    fail(`400 does not name '${name}'`);
  }
  return response.status;
}

/**
 * Row counts of every table of the database (views excluded), to prove nothing was written or
 * dropped. The journey store is left out: reads let its builder catch up, by design.
 */
export async function tableCounts(driver: ClickHouseDriver): Promise<Record<string, number>> {
  const tables = await driver.query<{ name: string }>(sql`
    SELECT name FROM system.tables
    WHERE database = currentDatabase() AND engine NOT IN ('View', 'MaterializedView')
      AND name NOT IN ${[...JOURNEY_STORE_TABLES]}
    ORDER BY name`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const table = ident(
      name,
      tables.map((t) => t.name),
    );
    const [row] = await driver.query<{ n: number }>(sql`SELECT count() AS n FROM ${table}`);
    counts[name] = Number(row?.n ?? -1);
  }
  return counts;
}
