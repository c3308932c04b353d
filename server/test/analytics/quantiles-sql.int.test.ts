import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, typed } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { afterAll, expect, it } from 'vitest';
import { QUANTILES } from '../../src/analysis/quantiles.ts';
import { quantilesSql } from '../../src/analytics/quantiles-sql.ts';

const dir = mkdtempSync(join(tmpdir(), 'paylens-quantiles-'));
const driver = new EmbeddedDriver(dir);
afterAll(async () => {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Expected with exact integer arithmetic: rank ⌈q·n⌉ of the values 1…n is the value itself. */
const rank = (level: number, n: number) =>
  Number((BigInt(Math.round(level * 1000)) * BigInt(n) + 999n) / 1000n) || 1;

it('gives the nearest-rank value for every n up to 2,100 and for large n', async () => {
  const rows = await driver.query<{ n: number; q: number[] }>(sql`
    SELECT n, ${quantilesSql(sql`v`)} AS q
    FROM (SELECT n, arrayJoin(arrayShuffle(range(1, n + 1))) AS v FROM (SELECT arrayJoin(range(1, 2101)) AS n))
    GROUP BY n ORDER BY n`);
  expect(rows).toHaveLength(2100);
  for (const row of rows) expect(row.q).toEqual(QUANTILES.map((q) => rank(q.level, row.n)));
  for (const n of [9_999, 10_000, 100_001, 1_000_000, 1_234_567]) {
    const [big] = await driver.query<{ q: number[] }>(sql`
      SELECT ${quantilesSql(sql`number + 1`)} AS q FROM numbers(${typed('UInt64', n)})`);
    expect(big!.q).toEqual(QUANTILES.map((q) => rank(q.level, n)));
  }
});
