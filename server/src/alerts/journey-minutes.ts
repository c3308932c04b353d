import { type ClickHouseDriver, join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { dimensionValueSql } from '../analytics/filters-sql.ts';
import { timeBounds } from '../analytics/link-spans-source.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { insertRows } from './insert-rows.ts';
import { minuteRuns, staleMinutes } from './journey-minutes-plan.ts';
import { stepPowersSql } from './metric-sql.ts';

/**
 * The minutes' format: part of the version they are built and read under, so rows of an older
 * format (schema 0025 without keys and traces) are left alone and their minutes rebuilt.
 */
export const JOURNEY_MINUTES_FORMAT = 'm2';

/** The version minutes are built and read under: the link spans' version and the format. */
export function journeyMinutesVersion(linkSpansVersion: string): string {
  return `${linkSpansVersion}/${JOURNEY_MINUTES_FORMAT}`;
}

/**
 * Minutes built per refresh at most: a first use over a long window (rules allow 7 days) is spread
 * over ticks instead of holding one; meanwhile the minutes not built yet are read span by span.
 */
export const MAX_MINUTES_PER_REFRESH = 120;

/**
 * Keeps paylens_journey_minutes (store/src/schema/0025, 0026) up to date for [fromSec, toSec):
 * builds every minute whose link-span count differs from the one recorded when it was built.
 * Counts come from the per-minute rollup where it is complete (`rollupFromSec`; a few thousand rows
 * instead of every span), else from the link spans; what is recorded is always the link spans'
 * own count, read before the build, so a span arriving meanwhile shows as a difference next time.
 * A crash between the rows and the record rebuilds the minute: duplicates are harmless.
 */
export async function refreshJourneyMinutes(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  version: string,
  fromSec: number,
  toSec: number,
  rollupFromSec = Number.POSITIVE_INFINITY,
  maxMinutes = MAX_MINUTES_PER_REFRESH,
): Promise<{ built: number; pending: number[] }> {
  const counted =
    rollupFromSec <= fromSec
      ? await driver.query<MinuteCount>(sql`
          SELECT toUInt32(Minute) AS m, sum(Count) AS n FROM paylens_step_minutes
          WHERE ${minuteRangeSql(fromSec, toSec)} GROUP BY m`)
      : await countLinkSpans(driver, fromSec, toSec);
  const recorded = await driver.query<MinuteCount>(sql`
    SELECT toUInt32(Minute) AS m, argMax(Spans, BuiltAt) AS n FROM paylens_journey_minutes_built
    WHERE LinkVersion = ${version} AND ${minuteRangeSql(fromSec, toSec)}
    GROUP BY m`);
  // The newest first (every window holds them); the rest wait for the next refresh.
  const all = staleMinutes(countsOf(counted), countsOf(recorded));
  const stale = all.slice(Math.max(0, all.length - maxMinutes));
  const pending = all.slice(0, all.length - stale.length);
  for (const [runFrom, runTo] of minuteRuns(stale)) {
    const spans = countsOf(await countLinkSpans(driver, runFrom, runTo));
    await driver.command(buildMinutesSql(link, version, runFrom, runTo));
    const rows = stale
      .filter((minute) => minute >= runFrom && minute < runTo)
      .map((minute) => ({ LinkVersion: version, Minute: minute, Spans: spans.get(minute) ?? 0 }));
    await insertRows(driver, 'paylens_journey_minutes_built', rows);
  }
  return { built: stale.length, pending };
}

interface MinuteCount {
  m: number;
  n: number | string;
}

const countsOf = (rows: readonly MinuteCount[]) => new Map(rows.map((row) => [Number(row.m), Number(row.n)]));

function countLinkSpans(driver: ClickHouseDriver, fromSec: number, toSec: number) {
  return driver.query<MinuteCount>(sql`
    SELECT toUInt32(toStartOfMinute(Timestamp)) AS m, count() AS n FROM paylens_link_spans
    WHERE ${secondsRange(fromSec, toSec)} GROUP BY m`);
}

function minuteRangeSql(fromSec: number, toSec: number): SqlFragment {
  return sql`Minute >= toDateTime(${typed('Int64', fromSec)}) AND Minute < toDateTime(${typed('Int64', toSec)})`;
}

const secondsRange = (fromSec: number, toSec: number) =>
  timeBounds({ fromNs: BigInt(fromSec) * 1_000_000_000n, toNs: BigInt(toSec) * 1_000_000_000n });

function buildMinutesSql(link: LinkDefinition, version: string, fromSec: number, toSec: number) {
  const dimensions = link.dimensions.map((key) => {
    const value = dimensionValueSql(key);
    return { value: sql`argMinIf(${value}, t, ${value} != '')`, at: sql`minIf(t, ${value} != '')` };
  });
  const list = (parts: SqlFragment[], empty: string) =>
    parts.length > 0 ? sql`[${join(parts, ', ')}]` : UNSAFE_raw(empty);
  return sql`INSERT INTO paylens_journey_minutes
      (Minute, LinkVersion, JourneyHash, Keyless, Entered, Succeeded, DimValues, DimTimes, JourneyKey, Traces)
    SELECT toStartOfMinute(Timestamp) AS Minute, ${version} AS LinkVersion,
      if(SpanKey != '', cityHash64(SpanKey), TraceHash) AS JourneyHash, toUInt8(SpanKey = '') AS Keyless,
      groupBitOr(bit) AS Entered, groupBitOrIf(bit, NOT (Error OR Timeout)) AS Succeeded,
      ${list(
        dimensions.map((d) => d.value),
        'emptyArrayString()',
      )} AS DimValues,
      ${list(
        dimensions.map((d) => d.at),
        'emptyArrayInt64()',
      )} AS DimTimes,
      any(SpanKey) AS JourneyKey, if(Keyless = 1, emptyArrayUInt64(), groupUniqArray(TraceHash)) AS Traces
    FROM (
      SELECT *, TraceHash, toUnixTimestamp64Nano(Timestamp) AS t,
        ${stepPowersSql(
          link.steps.map((step) => step.id),
          1,
        )} AS bit
      FROM paylens_link_spans WHERE ${secondsRange(fromSec, toSec)}
    )
    GROUP BY Minute, JourneyHash, Keyless`;
}
