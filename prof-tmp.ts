import { join } from 'node:path';
import { sql, typed, UNSAFE_raw } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { DEFAULT_LINK_FILE, loadLinkFile } from '/work/main/server/src/link/load-link.ts';
const driver = new EmbeddedDriver(join('/work/main/bench/out', 'analytics-v4-10500000-3links', 'clickhouse'));
const link = loadLinkFile(DEFAULT_LINK_FILE);
const V = '33158f7756825eb9/f0.1.2.3.4.5.6.7.8/j2/v902141f7';
const NOW_MS = Date.UTC(2026, 10, 24);
const FROM_MS = NOW_MS - 86_400_000;
const a = link.steps.findIndex((s) => s.id === 'channel_pay');
const A = UNSAFE_raw(String(a));
const deadline = typed('Int64', ((BigInt(NOW_MS) - 600_000n) * 1_000_000n).toString());
const range = sql`LinkVersion = ${V} AND Start >= fromUnixTimestamp64Milli(${typed('Int64', FROM_MS)}) AND Start < fromUnixTimestamp64Milli(${typed('Int64', NOW_MS)})`;
const cond = sql`bitTest(Succeeded, ${A}) AND NOT bitTest(Entered, ${UNSAFE_raw(String(a + 1))}) AND FirstOkEnd[${UNSAFE_raw(String(a + 1))}] <= ${deadline}`;
const t = async (name: string, q: ReturnType<typeof sql>) => { const xs=[]; let r; for (let i = 0; i < 5; i++) { const s = performance.now(); r = await driver.query(q); xs.push(performance.now() - s); } xs.sort((x,y)=>x-y); console.log(name, xs[2]!.toFixed(1), JSON.stringify(r).slice(0, 120)); };
await t('count FINAL', sql`SELECT count() FROM paylens_journeys FINAL WHERE ${range}`);
await t('count no FINAL', sql`SELECT count() FROM paylens_journeys WHERE ${range}`);
await t('stuck count FINAL', sql`SELECT count() FROM paylens_journeys FINAL WHERE ${range} AND ${cond}`);
await t('stuck count no FINAL', sql`SELECT count() FROM paylens_journeys WHERE ${range} AND ${cond}`);
await t('stuck list FINAL', sql`SELECT Journey, FirstOkEnd[${UNSAFE_raw(String(a + 1))}] AS since, count() OVER () AS total, toString(Value), Currency, sumMapIf([Currency], [assumeNotNull(Value)], isNotNull(Value)) OVER () FROM paylens_journeys FINAL WHERE ${range} AND ${cond} ORDER BY since, Journey LIMIT 100`);
await t('candidates then argMax', sql`
  SELECT Journey, since, count() OVER () AS total FROM (
    SELECT argMax(Journey, Version) AS Journey, argMax(Deleted, Version) AS del, argMax(Succeeded, Version) AS S, argMax(Entered, Version) AS E,
      argMax(FirstOkEnd[${UNSAFE_raw(String(a + 1))}], Version) AS since
    FROM paylens_journeys
    WHERE ${range} AND (JourneyHash, toStartOfMinute(Start)) IN (SELECT JourneyHash, toStartOfMinute(Start) FROM paylens_journeys WHERE ${range} AND ${cond})
    GROUP BY JourneyHash, toStartOfMinute(Start))
  WHERE NOT del AND bitTest(S, ${A}) AND NOT bitTest(E, ${UNSAFE_raw(String(a + 1))}) AND since <= ${deadline}
  ORDER BY since, Journey LIMIT 100`);
await t('candidates then FINAL', sql`
  SELECT Journey, FirstOkEnd[${UNSAFE_raw(String(a + 1))}] AS since, count() OVER () AS total FROM paylens_journeys FINAL
  WHERE ${range} AND JourneyHash IN (SELECT JourneyHash FROM paylens_journeys WHERE ${range} AND ${cond}) AND ${cond}
  ORDER BY since, Journey LIMIT 100`);
await driver.close();
