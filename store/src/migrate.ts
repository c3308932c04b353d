import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterStatement, distributedStatements } from './cluster-ddl.ts';
import { DERIVED_VIEWS, derivedViewStatements } from './derived-views.ts';
import type { ClickHouseDriver } from './driver.ts';
import { renderSchema, type SchemaOptions, splitStatements } from './schema-template.ts';
import { sql, UNSAFE_raw } from './sql.ts';

const SCHEMA_DIR = fileURLToPath(new URL('./schema/', import.meta.url));

export interface MigrationOptions extends SchemaOptions {
  /** Journey key attributes from the payment-link definition. */
  journeyKey: readonly string[];
}

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** The numbered schema files, in order, rendered for the given options. */
export function loadMigrations(options: SchemaOptions): Migration[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      statements: splitStatements(renderSchema(readFileSync(SCHEMA_DIR + file, 'utf8'), options)),
    }));
}

/**
 * Brings the database to the current schema. Idempotent: every statement is `IF NOT EXISTS`, and
 * applied versions are recorded so a later file runs once.
 */
export async function migrate(driver: ClickHouseDriver, options: MigrationOptions): Promise<void> {
  const onCluster = options.cluster ? `ON CLUSTER \`${options.cluster}\`` : '';
  const engine = options.cluster ? 'ReplicatedReplacingMergeTree()' : 'ReplacingMergeTree()';
  await driver.command(
    sql`CREATE TABLE IF NOT EXISTS paylens_schema_migrations ${UNSAFE_raw(onCluster)} (
      version UInt32, name String, applied_at DateTime DEFAULT now()
    ) ENGINE = ${UNSAFE_raw(engine)} ORDER BY version`,
  );
  await driver.command(
    sql`CREATE TABLE IF NOT EXISTS paylens_schema_state ${UNSAFE_raw(onCluster)} (
      key String, value String, updated_at DateTime64(3) DEFAULT now64(3)
    ) ENGINE = ${UNSAFE_raw(options.cluster ? 'ReplicatedReplacingMergeTree(updated_at)' : 'ReplacingMergeTree(updated_at)')}
    ORDER BY key`,
  );
  const applied = new Set(
    (await driver.query<{ version: number }>(sql`SELECT version FROM paylens_schema_migrations FINAL`)).map(
      (row) => row.version,
    ),
  );
  for (const migration of loadMigrations(options)) {
    if (applied.has(migration.version)) continue;
    for (const statement of migration.statements) {
      await driver.command(sql`${UNSAFE_raw(options.cluster ? clusterStatement(statement) : statement)}`);
    }
    await driver.command(
      sql`INSERT INTO paylens_schema_migrations (version, name) VALUES (${migration.version}, ${migration.name})`,
    );
  }
  await ensureDerivedViews(driver, options.journeyKey, onCluster);
  // On a cluster, the public table names are Distributed tables over the shard-local ones.
  for (const statement of options.cluster ? distributedStatements(options.cluster) : []) {
    await driver.command(sql`${UNSAFE_raw(statement)}`);
  }
}

async function ensureDerivedViews(
  driver: ClickHouseDriver,
  journeyKey: readonly string[],
  onCluster: string,
): Promise<void> {
  const statements = derivedViewStatements(journeyKey, onCluster).map((s) =>
    onCluster ? clusterStatement(s) : s,
  );
  const signature = statements.join('\n');
  const [current] = await driver.query<{ value: string }>(
    sql`SELECT argMax(value, updated_at) AS value FROM paylens_schema_state WHERE key = 'derived_views' GROUP BY key`,
  );
  if (current?.value === signature) return;
  for (const view of DERIVED_VIEWS) {
    await driver.command(sql`DROP VIEW IF EXISTS ${UNSAFE_raw(view)} ${UNSAFE_raw(onCluster)}`);
  }
  for (const statement of statements) await driver.command(sql`${UNSAFE_raw(statement)}`);
  await driver.command(
    sql`INSERT INTO paylens_schema_state (key, value) VALUES ('derived_views', ${signature})`,
  );
}
