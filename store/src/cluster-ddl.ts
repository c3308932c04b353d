/**
 * DDL for a ClickHouse cluster (`paylens --cluster NAME`).
 *
 * - Span-sized tables are sharded: each shard keeps its rows in `<table>_local` (Replicated*
 *   within the shard, created ON CLUSTER), and a Distributed table under the public name
 *   (`otel_traces`, …) spreads inserts over the shards and gathers reads. Readers and writers —
 *   paylens, Grafana, the OpenTelemetry Collector's exporter — keep using the usual names. They are
 *   sharded by TraceId, so a trace lives on one shard: a trace lookup touches one shard, and the
 *   materialized views on each shard see whole traces.
 * - paylens' own small tables (alert rules, their state, the webhook outbox) are read with FINAL
 *   and must not be split: they are replicated to every node of the cluster instead.
 */
import { derivedViewStatements } from './derived-views.ts';
import { loadMigrations, type MigrationOptions } from './migrate.ts';

/** The sharded tables and the sharding keys of their Distributed tables. */
const SHARDING_KEYS: Readonly<Record<string, string>> = {
  otel_traces: 'cityHash64(TraceId)',
  otel_traces_trace_id_ts: 'cityHash64(TraceId)',
  // Logs without a trace would all land on one shard: spread those at random.
  otel_logs: "if(TraceId = '', rand64(), cityHash64(TraceId))",
  paylens_trace_summary: 'cityHash64(TraceId)',
  paylens_journey_index: 'cityHash64(TraceId)',
  paylens_link_spans: 'cityHash64(TraceId)',
  // What joins traces into journeys: kept beside their traces, read through Distributed tables.
  paylens_trace_links: 'cityHash64(TraceId)',
  paylens_trace_log_keys: 'cityHash64(TraceId)',
  paylens_trace_arrivals: 'cityHash64(TraceId)',
  // Per-minute step rollup: fed on each shard from its link spans, merged at read time.
  paylens_step_minutes: 'rand64()',
  // Per-minute SLO counts: fed on each shard from its link spans, like the step rollup.
  paylens_slo_minutes: 'rand64()',
};

/** Keeper path of a table replicated to every node (no `{shard}` in it, unlike the default). */
export const CLUSTER_WIDE_REPLICA_PATH = '/clickhouse/tables/{uuid}/all';

const CLUSTER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const CREATE_TABLE = /^CREATE TABLE IF NOT EXISTS (\w+)/;

export function isSharded(table: string): boolean {
  return Object.hasOwn(SHARDING_KEYS, table);
}

export function shardingKey(table: string): string {
  const key = SHARDING_KEYS[table];
  if (!key) throw new Error(`table ${table} is not sharded`);
  return key;
}

export function localTableName(table: string): string {
  return `${table}_local`;
}

/** The tables the numbered schema files create, in order (a table a later file recreates, once). */
export function schemaTables(): string[] {
  const created = loadMigrations({})
    .flatMap((migration) => migration.statements)
    .flatMap((statement) => CREATE_TABLE.exec(statement)?.[1] ?? []);
  return [...new Set(created)];
}

/**
 * Points a statement at the shard-local tables: `otel_traces` → `otel_traces_local`, and so on.
 * Whole identifiers only (`otel_traces_trace_id_ts_mv` stays: views are not sharded). Materialized
 * views created elsewhere (the server's link view) need this too in cluster mode.
 */
export function toLocalTables(statement: string): string {
  const reference = new RegExp(`\\b(${Object.keys(SHARDING_KEYS).join('|')})\\b`, 'g');
  return statement.replace(reference, (table) => localTableName(table));
}

/**
 * A schema statement for a cluster (already rendered with `cluster`): sharded tables and the views
 * over them move to the local tables; other tables are replicated to every node.
 */
export function clusterStatement(statement: string): string {
  const table = CREATE_TABLE.exec(statement)?.[1];
  if (table && !isSharded(table)) {
    return statement.replace(
      /ENGINE = Replicated(\w*)MergeTree\(([^)]*)\)/,
      (_, family: string, args: string) =>
        `ENGINE = Replicated${family}MergeTree('${CLUSTER_WIDE_REPLICA_PATH}', '{replica}'${args ? `, ${args}` : ''})`,
    );
  }
  return toLocalTables(statement);
}

/** One Distributed table per sharded table, under the name readers and writers expect. */
export function distributedStatements(cluster: string, tables: readonly string[] = schemaTables()): string[] {
  if (!CLUSTER_NAME.test(cluster)) throw new Error(`invalid cluster name: ${cluster}`);
  return tables.filter(isSharded).map((table) => {
    const local = localTableName(table);
    return `CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER \`${cluster}\` AS ${local}
ENGINE = Distributed('${cluster}', currentDatabase(), '${local}', ${shardingKey(table)})`;
  });
}

/**
 * Every statement that creates paylens' tables on a cluster, in order: the numbered schema files
 * and the link's derived views, then the Distributed tables.
 */
export function clusterSchemaStatements(options: MigrationOptions & { cluster: string }): string[] {
  const onCluster = `ON CLUSTER \`${options.cluster}\``;
  return [
    ...loadMigrations(options).flatMap((migration) => migration.statements.map(clusterStatement)),
    ...derivedViewStatements(options.journeyKey, onCluster).map(clusterStatement),
    ...distributedStatements(options.cluster),
  ];
}
