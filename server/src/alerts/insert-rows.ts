import { createHash } from 'node:crypto';
import type { ClickHouseDriver } from '@paylens/store';

/**
 * Inserts rows as JSONEachRow. The token is a digest of the rows, so inserting the very same rows
 * again (a retried write after a crash) is a no-op, and different rows never collide.
 */
export async function insertRows(
  driver: ClickHouseDriver,
  table: string,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const body = Buffer.from(rows.map((row) => JSON.stringify(row)).join('\n'));
  const deduplicationToken = `${table}:${createHash('sha256').update(body).digest('hex')}`;
  await driver.insert({ table, body, deduplicationToken });
}
