import { join } from 'node:path';
import type { ClickHouseDriver } from './driver.ts';
import { EmbeddedDriver } from './embedded-driver.ts';
import { type MigrationOptions, migrate } from './migrate.ts';
import { ServerDriver, type ServerDriverOptions } from './server-driver.ts';

export type StoreTarget = { kind: 'embedded'; dataDir: string } | ({ kind: 'server' } & ServerDriverOptions);

/** Picks the driver: a ClickHouse server when a URL is given, otherwise embedded chDB. */
export function resolveStoreTarget(env: NodeJS.ProcessEnv): StoreTarget {
  const url = env.CLICKHOUSE_URL;
  if (!url) return { kind: 'embedded', dataDir: join(env.PAYLENS_DATA_DIR ?? './data', 'clickhouse') };
  const parsed = new URL(url);
  const database = env.CLICKHOUSE_DATABASE ?? (parsed.pathname.replace(/^\//, '') || undefined);
  const username = env.CLICKHOUSE_USER ?? (decodeURIComponent(parsed.username) || undefined);
  const password = env.CLICKHOUSE_PASSWORD ?? (decodeURIComponent(parsed.password) || undefined);
  parsed.username = '';
  parsed.password = '';
  parsed.pathname = '/';
  return { kind: 'server', url: parsed.toString(), username, password, database };
}

export function createDriver(target: StoreTarget): ClickHouseDriver {
  return target.kind === 'embedded' ? new EmbeddedDriver(target.dataDir) : new ServerDriver(target);
}

/** Connects and migrates; the returned driver is ready for reads and writes. */
export async function openStore(target: StoreTarget, migration: MigrationOptions): Promise<ClickHouseDriver> {
  const driver = createDriver(target);
  try {
    await migrate(driver, migration);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return driver;
}
