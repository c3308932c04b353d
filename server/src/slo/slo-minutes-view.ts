import { createHash } from 'node:crypto';
import { type ClickHouseDriver, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { linkSpansVersion, placement } from '../analytics/link-spans-view.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { goodSql } from './slo-sql.ts';
import { stepSlos } from './slo-steps.ts';

type Link = Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>;

/** Spans timestamped this soon after the view appears may have been inserted before it (clock skew). */
const COVERAGE_MARGIN_NS = 60_000_000_000n;

/** paylens_slo_minutes holds every whole minute from `fromNs` on, counted by SLO view `version`. */
export interface SloMinutesCoverage {
  version: string;
  fromNs: bigint;
}

function viewStatement(link: Link, cluster?: string): SqlFragment {
  const { onCluster, table } = placement(cluster);
  const slos = stepSlos(link);
  const head = UNSAFE_raw(
    `CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_slo_minutes_mv${onCluster} TO ${table('paylens_slo_minutes')}`,
  );
  return sql`${head}
AS SELECT toStartOfMinute(Timestamp) AS Minute, Step, count() AS Total, countIf(${goodSql(slos)}) AS Good
FROM ${UNSAFE_raw(table('paylens_link_spans'))}
WHERE Link = ${linkSpansVersion(link)} AND Step IN ${slos.map((slo) => slo.step)}
GROUP BY Minute, Step`;
}

/**
 * The SLO view's version: its SQL (the steps and latency bounds) and the link spans' classification
 * it reads. Either changing makes the stored minutes wrong, so they are emptied.
 */
export function sloMinutesVersion(link: Link): string {
  const { text, params } = viewStatement(link).build();
  return createHash('sha256')
    .update(linkSpansVersion(link))
    .update(text)
    .update(JSON.stringify(params))
    .digest('hex')
    .slice(0, 16);
}

/** The recorded coverage of this link's SLO view, if the view exists and counts with its version. */
export async function readSloMinutesCoverage(
  driver: ClickHouseDriver,
  link: Link,
): Promise<SloMinutesCoverage | undefined> {
  if (stepSlos(link).length === 0) return undefined;
  const version = sloMinutesVersion(link);
  const [state] = await driver.query<{ version: string; fromNs: string; views: number }>(sql`
    SELECT argMax(Version, UpdatedAt) AS version, toString(argMax(CoveredFromNs, UpdatedAt)) AS fromNs,
      (SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'paylens_slo_minutes_mv') AS views
    FROM paylens_slo_minutes_state`);
  if (!state || state.version !== version || Number(state.views) === 0) return undefined;
  return { version, fromNs: BigInt(state.fromNs) };
}

/**
 * Makes the SLO view count with this link's SLOs (call once the link spans view is in place). On a
 * change the table is emptied and coverage starts now, or at the beginning when no link span is
 * stored yet. A link without SLOs drops the view.
 */
export async function ensureSloMinutesView(
  driver: ClickHouseDriver,
  link: Link,
  cluster?: string,
): Promise<SloMinutesCoverage | undefined> {
  const current = await readSloMinutesCoverage(driver, link);
  if (current) return current;
  const { onCluster, table } = placement(cluster);
  await driver.command(sql`${UNSAFE_raw(`DROP VIEW IF EXISTS paylens_slo_minutes_mv${onCluster}`)}`);
  await driver.command(
    sql`${UNSAFE_raw(`TRUNCATE TABLE IF EXISTS ${table('paylens_slo_minutes')}${onCluster}`)}`,
  );
  if (stepSlos(link).length === 0) return undefined;
  await driver.command(viewStatement(link, cluster));
  const [probe] = await driver.query<{ empty: number; nowNs: string }>(sql`
    SELECT (SELECT count() FROM (SELECT 1 FROM paylens_link_spans LIMIT 1)) = 0 AS empty,
      toString(toUnixTimestamp64Nano(now64(9))) AS nowNs`);
  const fromNs = probe?.empty ? 0n : BigInt(probe?.nowNs ?? '0') + COVERAGE_MARGIN_NS;
  const version = sloMinutesVersion(link);
  await driver.command(
    sql`INSERT INTO paylens_slo_minutes_state (Version, CoveredFromNs) VALUES (${version}, ${typed('Int64', fromNs.toString())})`,
  );
  return { version, fromNs };
}
