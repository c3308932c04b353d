import { createHash } from 'node:crypto';
import { type ClickHouseDriver, join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { toLocalTables } from '@paylens/store/cluster-ddl';
import type { LinkDefinition } from '../link/definition.ts';
import { stepSql } from '../link/step-sql.ts';
import { attributeHashesSql } from './attribute-hash-sql.ts';
import { LINK_SPAN_COLUMNS } from './link-spans-source.ts';
import {
  columnsAfterStepSql,
  dimensionsMapSql,
  journeyKeySql,
  linkSpanColumnsSql,
  type PerLinkColumns,
} from './link-spans-sql.ts';
import { stepBudgetSql } from './outcome-sql.ts';

/**
 * The link spans table holds, for one link version, every span with Timestamp ≥ coveredFromNs;
 * the per-minute rollup (paylens_step_minutes) every whole minute from rollupFromNs on.
 */
export interface LinkSpansCoverage {
  version: string;
  coveredFromNs: bigint;
  /** Undefined: the rollup is not to be read. */
  rollupFromNs?: bigint;
}

/**
 * Spans timestamped up to this long after the view starts classifying for a link may already have
 * been inserted before (clock skew between services and the database): trusted only after it.
 */
const COVERAGE_MARGIN_NS = 60_000_000_000n;

type Link = Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>;

/** Part of every version: a change of the table's format classifies everything again. */
const FORMAT = 'ls2';

/** Same rule as store/src/cluster-ddl.ts: the name goes into DDL text, so it must be an identifier. */
const CLUSTER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A link version as the view writes it into the `Link` column: 16 hex digits. */
const VERSION_LITERAL = /'([0-9a-f]{16})'/g;

/**
 * Where the view's DDL runs. On a cluster (`paylens --cluster NAME`) the public tables are
 * Distributed: the view is created ON CLUSTER over the shard-local tables, so each shard classifies
 * its own spans.
 */
export interface Placement {
  onCluster: string;
  table: (name: string) => string;
}

export function placement(cluster: string | undefined): Placement {
  if (cluster === undefined) return { onCluster: '', table: (name) => name };
  if (!CLUSTER_NAME.test(cluster)) throw new Error(`invalid cluster name: ${cluster}`);
  return { onCluster: ` ON CLUSTER \`${cluster}\``, table: toLocalTables };
}

/**
 * The link's classification version: a digest of the SQL that classifies its spans (steps,
 * budgets, dimensions, journey key). It is the value of the `Link` column of its rows, so a link
 * whose rules change gets rows of a new version beside the other links' rows, which stay.
 */
export function linkSpansVersion(link: Link): string {
  const { text, params } = linkSpanColumnsSql(link).build();
  return createHash('sha256')
    .update(FORMAT)
    .update(text)
    .update(JSON.stringify(params))
    .digest('hex')
    .slice(0, 16);
}

/** The distinct link versions of a set of links (two links with the same rules share their rows). */
export function linkVersions(links: readonly Link[]): { version: string; link: Link }[] {
  const byVersion = new Map<string, Link>();
  for (const link of links) {
    const version = linkSpansVersion(link);
    if (!byVersion.has(version)) byVersion.set(version, link);
  }
  return [...byVersion].map(([version, link]) => ({ version, link }));
}

/**
 * One expression per link, chosen by the row's `Link`; a single expression when every link has the
 * same one (the journey key, usually).
 */
function perLinkSql(versions: readonly { version: string; link: Link }[], of: (link: Link) => SqlFragment) {
  const fragments = versions.map((v) => of(v.link));
  const texts = fragments.map((f) => {
    const built = f.build();
    return built.text + JSON.stringify(Object.values(built.params));
  });
  if (texts.every((text) => text === texts[0])) return fragments[0]!;
  const branches = versions.slice(0, -1).map((v, i) => sql`Link = ${v.version}, ${fragments[i]!}`);
  return sql`multiIf(${join(branches, ', ')}, ${fragments.at(-1)!})`;
}

/**
 * The view's query: every span of otel_traces that is a step of one or more links, one row per
 * (span, link) with the link's version in `Link`. One view classifies for all links, so an insert
 * block is read once however many links there are; each link costs its step matching. With one
 * link it is a plain filter; with several, the (version, step) pairs a span matches are ARRAY
 * JOINed.
 */
export function linkSpansViewQuery(links: readonly Link[], cluster?: string): SqlFragment {
  const versions = linkVersions(links);
  if (versions.length === 0) throw new Error('no link to classify spans for');
  const source = UNSAFE_raw(placement(cluster).table('otel_traces'));
  const columns = UNSAFE_raw(['Link', ...LINK_SPAN_COLUMNS].join(', '));
  const perLink: PerLinkColumns = {
    budget: perLinkSql(versions, (link) => stepBudgetSql(link, sql`Step`)),
    dims: perLinkSql(versions, (link) => dimensionsMapSql(link.dimensions)),
    key: perLinkSql(versions, (link) => journeyKeySql(link.journeyKey)),
    // Once per span, not per link: every link's journey keys are left out.
    attrs: attributeHashesSql([...new Set(versions.flatMap((v) => v.link.journeyKey))], sql`Peer`),
  };
  if (versions.length === 1) {
    const [{ version, link }] = versions as [{ version: string; link: Link }];
    return sql`SELECT ${columns} FROM (SELECT ${version} AS Link, ${linkSpanColumnsSql(link)} FROM ${source}) WHERE Step != ''`;
  }
  const pairs = versions.map((v) => sql`(${v.version}, ${stepSql(v.link)})`);
  return sql`SELECT ${columns} FROM (
    SELECT c.1 AS Link, Timestamp, c.2 AS Step, ${columnsAfterStepSql(perLink)}
    FROM ${source} ARRAY JOIN arrayFilter(x -> x.2 != '', [${join(pairs, ', ')}]) AS c)`;
}

/** The statement that makes the view classify for `links`: created, or its query replaced in place. */
export function linkSpansViewStatement(
  links: readonly Link[],
  exists: boolean,
  cluster?: string,
): SqlFragment {
  const { onCluster, table } = placement(cluster);
  const query = linkSpansViewQuery(links, cluster);
  // MODIFY QUERY swaps the query under the view's lock: an insert is classified by the old query or
  // the new one, never by neither, so the links that stay keep their coverage.
  const head = exists
    ? UNSAFE_raw(`ALTER TABLE paylens_link_spans_mv${onCluster} MODIFY QUERY`)
    : UNSAFE_raw(
        `CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_link_spans_mv${onCluster} TO ${table('paylens_link_spans')} AS`,
      );
  return sql`${head} ${query}`;
}

/** The link versions the view classifies for now, read from its DDL (none when there is no view). */
async function viewVersions(driver: ClickHouseDriver): Promise<Set<string> | undefined> {
  const [row] = await driver.query<{ ddl: string }>(sql`
    SELECT create_table_query AS ddl FROM system.tables
    WHERE database = currentDatabase() AND name = 'paylens_link_spans_mv'`);
  if (!row) return undefined;
  return new Set([...row.ddl.matchAll(VERSION_LITERAL)].map((match) => match[1]!));
}

/** The coverage recorded for the link's version, if the view classifies for it. */
export async function readCoverage(
  driver: ClickHouseDriver,
  link: Link,
): Promise<LinkSpansCoverage | undefined> {
  const version = linkSpansVersion(link);
  if (!(await viewVersions(driver))?.has(version)) return undefined;
  return (await readStates(driver, [version])).get(version);
}

async function readStates(
  driver: ClickHouseDriver,
  versions: readonly string[],
): Promise<Map<string, LinkSpansCoverage>> {
  const rollups = versions.map(rollupVersion);
  const rows = await driver.query<{ Version: string; coveredFromNs: string }>(sql`
    SELECT Version, toString(argMax(CoveredFromNs, UpdatedAt)) AS coveredFromNs
    FROM paylens_link_spans_state WHERE Version IN ${[...versions, ...rollups]} GROUP BY Version`);
  const recorded = new Map(rows.map((row) => [row.Version, BigInt(row.coveredFromNs)]));
  const states = new Map<string, LinkSpansCoverage>();
  for (const version of versions) {
    const coveredFromNs = recorded.get(version);
    if (coveredFromNs === undefined) continue;
    const rollupFromNs = recorded.get(rollupVersion(version));
    states.set(
      version,
      rollupFromNs === undefined
        ? { version, coveredFromNs }
        : { version, coveredFromNs, rollupFromNs: later(rollupFromNs, coveredFromNs) },
    );
  }
  return states;
}

/** The state row recording from when paylens_step_minutes is complete for a version. */
function rollupVersion(version: string): string {
  return `${version}/minutes`;
}

/**
 * Makes the one materialized view classify for every link of the set, and returns each version's
 * coverage. Versions the view already classifies for keep theirs (their rows are complete since
 * then); a version the view starts classifying for (a new or changed link, or a store that had no
 * view) is covered from now on — after the view's change, so no span is missed — or from the
 * beginning on a store without any span. Rows of versions no longer classified stay until their
 * TTL; readers of older ranges compute the same columns from otel_traces (link-spans-source.ts).
 */
export async function ensureLinkSpansView(
  driver: ClickHouseDriver,
  links: readonly Link[],
  cluster?: string,
): Promise<Map<string, LinkSpansCoverage>> {
  const wanted = linkVersions(links).map((v) => v.version);
  const current = await viewVersions(driver);
  const same = current !== undefined && current.size === wanted.length && wanted.every((v) => current.has(v));
  if (!same) await driver.command(linkSpansViewStatement(links, current !== undefined, cluster));
  const states = await readStates(driver, wanted);
  const fresh = wanted.filter(
    (version) => !current?.has(version) || states.get(version)?.rollupFromNs === undefined,
  );
  if (fresh.length > 0) {
    const coveredFromNs = await coverageStart(driver);
    for (const version of fresh) {
      await record(driver, version, coveredFromNs);
      await record(driver, rollupVersion(version), coveredFromNs);
      states.set(version, { version, coveredFromNs, rollupFromNs: coveredFromNs });
    }
  }
  return states;
}

/**
 * Checked once the view classifies for a version: any span it did not see was stored before this
 * point, so the version is complete from the beginning if nothing was stored yet, else from now.
 */
async function coverageStart(driver: ClickHouseDriver): Promise<bigint> {
  const [probe] = await driver.query<{ empty: number; nowNs: string }>(sql`
    SELECT (SELECT count() FROM (SELECT 1 FROM otel_traces LIMIT 1)) = 0 AS empty,
      toString(toUnixTimestamp64Nano(now64(9))) AS nowNs`);
  return probe?.empty ? 0n : BigInt(probe?.nowNs ?? '0') + COVERAGE_MARGIN_NS;
}

async function record(driver: ClickHouseDriver, version: string, coveredFromNs: bigint): Promise<void> {
  await driver.command(
    sql`INSERT INTO paylens_link_spans_state (Version, CoveredFromNs) VALUES (${version}, ${typed('Int64', coveredFromNs.toString())})`,
  );
}

/** The later of two instants (bigint, so no Math.max). */
function later(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
