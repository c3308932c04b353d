/**
 * DDL for a ClickHouse cluster (`paylens --cluster NAME`). Each shard keeps its rows in
 * `<table>_local` (Replicated* engines, created ON CLUSTER), and a Distributed table under the
 * public name (`otel_traces`, …) spreads inserts over the shards and gathers reads. Readers and
 * writers — paylens, Grafana, the OpenTelemetry Collector's exporter — keep using the usual names.
 *
 * Spans, logs and the per-trace tables are sharded by TraceId, so one trace lives on one shard:
 * a trace lookup touches one shard, and the materialized views on each shard see whole traces.
 */
import { derivedViewStatements } from './derived-views.ts';
import { loadMigrations, type MigrationOptions } from './migrate.ts';

/** Sharding keys of the Distributed tables; a table not named here is spread at random. */
const SHARDING_KEYS: Readonly<Record<string, string>> = {
  otel_traces: 'cityHash64(TraceId)',
  otel_traces_trace_id_ts: 'cityHash64(TraceId)',
  // Logs without a trace would all land on one shard: spread those at random.
  otel_logs: "if(TraceId = '', rand64(), cityHash64(TraceId))",
  paylens_trace_summary: 'cityHash64(TraceId)',
  paylens_journey_index: 'cityHash64(TraceId)',
  paylens_link_spans: 'cityHash64(TraceId)',
};

const CLUSTER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const CREATE_TABLE = /^CREATE TABLE IF NOT EXISTS (\w+)/;

export function shardingKey(table: string): string {
  return SHARDING_KEYS[table] ?? 'rand()';
}

export function localTableName(table: string): string {
  return `${table}_local`;
}

/** The tables the numbered schema files create, in order. */
export function schemaTables(): string[] {
  return loadMigrations({})
    .flatMap((migration) => migration.statements)
    .flatMap((statement) => CREATE_TABLE.exec(statement)?.[1] ?? []);
}

/**
 * Points a statement at the shard-local tables: `otel_traces` → `otel_traces_local`, and so on.
 * Whole identifiers only (`otel_traces_trace_id_ts_mv` stays: views are not sharded). Materialized
 * views created elsewhere (the server's link view) go through this too in cluster mode.
 */
export function toLocalTables(statement: string, tables: readonly string[] = schemaTables()): string {
  if (tables.length === 0) return statement;
  const reference = new RegExp(`\\b(${tables.join('|')})\\b`, 'g');
  return statement.replace(reference, (table) => localTableName(table));
}

/** One Distributed table per local table, under the name readers and writers expect. */
export function distributedStatements(cluster: string, tables: readonly string[] = schemaTables()): string[] {
  if (!CLUSTER_NAME.test(cluster)) throw new Error(`invalid cluster name: ${cluster}`);
  return tables.map((table) => {
    const local = localTableName(table);
    return `CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER \`${cluster}\` AS ${local}
ENGINE = Distributed('${cluster}', currentDatabase(), '${local}', ${shardingKey(table)})`;
  });
}

/**
 * Every statement that creates paylens' tables on a cluster, in order: the numbered schema files
 * and the link's derived views over the local tables, then the Distributed tables.
 */
export function clusterSchemaStatements(options: MigrationOptions & { cluster: string }): string[] {
  const tables = schemaTables();
  const onCluster = `ON CLUSTER \`${options.cluster}\``;
  return [
    ...loadMigrations(options).flatMap((migration) =>
      migration.statements.map((s) => toLocalTables(s, tables)),
    ),
    ...derivedViewStatements(options.journeyKey, onCluster).map((s) => toLocalTables(s, tables)),
    ...distributedStatements(options.cluster, tables),
  ];
}
