import { createHash } from 'node:crypto';
import { type ClickHouseDriver, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { toLocalTables } from '@paylens/store/cluster-ddl';
import type { LinkDefinition } from '../link/definition.ts';
import { LINK_SPAN_COLUMNS } from './link-spans-source.ts';
import { linkSpanColumnsSql } from './link-spans-sql.ts';

/**
 * The link spans table holds every span with Timestamp ≥ coveredFromNs, classified by `version`;
 * the per-minute rollup (paylens_step_minutes) every whole minute from rollupFromNs on.
 */
export interface LinkSpansCoverage {
  version: string;
  coveredFromNs: bigint;
  /** Undefined: the rollup is not to be read. */
  rollupFromNs?: bigint;
}

/**
 * Spans timestamped up to this long after the view is created may already have been inserted
 * before it (clock skew between services and the database): the table is trusted only after it.
 */
const COVERAGE_MARGIN_NS = 60_000_000_000n;

type Link = Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>;

/** Same rule as store/src/cluster-ddl.ts: the name goes into DDL text, so it must be an identifier. */
const CLUSTER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Where the view's DDL runs. On a cluster (`paylens --cluster NAME`) the public tables are
 * Distributed: the view is created ON CLUSTER over the shard-local tables, so each shard classifies
 * its own spans, and tables are emptied shard by shard (TRUNCATE does not apply to Distributed).
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

function viewStatement(link: Link, cluster?: string): SqlFragment {
  const { onCluster, table } = placement(cluster);
  const columns = UNSAFE_raw(LINK_SPAN_COLUMNS.join(', '));
  const head = UNSAFE_raw(
    `CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_link_spans_mv${onCluster} TO ${table('paylens_link_spans')}`,
  );
  return sql`${head}
AS SELECT ${columns} FROM (SELECT ${linkSpanColumnsSql(link)} FROM ${UNSAFE_raw(table('otel_traces'))}) WHERE Step != ''`;
}

/**
 * The statements that (re)create the view for this link: drop it, empty the tables it and the
 * minute rollup fill (their rows were classified by other rules), create it.
 */
export function linkSpansViewStatements(link: Link, cluster?: string): SqlFragment[] {
  const { onCluster, table } = placement(cluster);
  const truncate = (name: string) =>
    sql`${UNSAFE_raw(`TRUNCATE TABLE IF EXISTS ${table(name)}${onCluster}`)}`;
  return [
    sql`${UNSAFE_raw(`DROP VIEW IF EXISTS paylens_link_spans_mv${onCluster}`)}`,
    truncate('paylens_link_spans'),
    truncate('paylens_step_minutes'),
    viewStatement(link, cluster),
  ];
}

/**
 * A short digest of the view's classification: it changes exactly when the link's rules do (the
 * same on a cluster, where only the tables the DDL names differ).
 */
export function linkSpansVersion(link: Link): string {
  const { text, params } = viewStatement(link).build();
  return createHash('sha256').update(text).update(JSON.stringify(params)).digest('hex').slice(0, 16);
}

/** The coverage recorded for the link's version, if the view exists and classifies with it. */
export async function readCoverage(
  driver: ClickHouseDriver,
  link: Link,
): Promise<LinkSpansCoverage | undefined> {
  const version = linkSpansVersion(link);
  const rollup = rollupVersion(version);
  const [state] = await driver.query<{
    version: string;
    coveredFromNs: string;
    rollupFromNs: string;
    rollups: number;
    views: number;
  }>(sql`
    SELECT argMaxIf(Version, UpdatedAt, Version NOT LIKE '%/minutes') AS version,
      toString(maxIf(CoveredFromNs, Version = ${version})) AS coveredFromNs,
      toString(maxIf(CoveredFromNs, Version = ${rollup})) AS rollupFromNs,
      countIf(Version = ${rollup}) AS rollups,
      (SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'paylens_link_spans_mv') AS views
    FROM paylens_link_spans_state`);
  if (!state || state.version !== version || Number(state.views) === 0) return undefined;
  const coveredFromNs = BigInt(state.coveredFromNs);
  if (Number(state.rollups) === 0) return { version, coveredFromNs };
  const rollupFromNs = BigInt(state.rollupFromNs);
  return {
    version,
    coveredFromNs,
    rollupFromNs: later(rollupFromNs, coveredFromNs),
  };
}

/** The state row recording from when paylens_step_minutes is complete for a version. */
function rollupVersion(version: string): string {
  return `${version}/minutes`;
}

/**
 * Makes the materialized view classify with this link. On a change the table is emptied (its rows
 * were classified by other rules) and coverage starts now; a store without any span yet is covered
 * from the beginning. Until then, and for older time ranges, readers compute the same columns from
 * otel_traces (link-spans-source.ts).
 */
export async function ensureLinkSpansView(
  driver: ClickHouseDriver,
  link: Link,
  cluster?: string,
): Promise<LinkSpansCoverage> {
  const current = await readCoverage(driver, link);
  if (current?.rollupFromNs !== undefined) return current;
  const version = linkSpansVersion(link);
  if (current) {
    // The rollup arrived with a later schema: complete from now on, or from the start if empty.
    const rollupFromNs = await coverageStart(driver, sql`paylens_link_spans`);
    await record(driver, rollupVersion(version), rollupFromNs);
    return {
      ...current,
      rollupFromNs: later(rollupFromNs, current.coveredFromNs),
    };
  }
  for (const statement of linkSpansViewStatements(link, cluster)) await driver.command(statement);
  const coveredFromNs = await coverageStart(driver, sql`otel_traces`);
  await record(driver, version, coveredFromNs);
  await record(driver, rollupVersion(version), coveredFromNs);
  return { version, coveredFromNs, rollupFromNs: coveredFromNs };
}

/**
 * Checked once the view feeding `table` exists: any row it did not see was stored before this
 * point, so the table is complete from the beginning if nothing was stored yet, else from now.
 */
async function coverageStart(driver: ClickHouseDriver, table: SqlFragment): Promise<bigint> {
  const [probe] = await driver.query<{ empty: number; nowNs: string }>(sql`
    SELECT (SELECT count() FROM (SELECT 1 FROM ${table} LIMIT 1)) = 0 AS empty,
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
