import { type ClickHouseDriver, join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { dimensionValueSql } from '../analytics/filters-sql.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { insertRows } from './insert-rows.ts';
import { minuteRuns, staleMinutes } from './journey-minutes-plan.ts';

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
 * Keeps paylens_journey_minutes (store/src/schema/0025, 0026) up to date for [fromSec, toSec): counts the
 * link spans per minute, and builds every minute whose count differs from the one recorded when it
 * was built. A crash between the rows and the record rebuilds the minute: duplicates are harmless.
 */
export async function refreshJourneyMinutes(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  version: string,
  fromSec: number,
  toSec: number,
): Promise<{ built: number }> {
  const range = timeRangeSql(fromSec, toSec);
  const [counted, recorded] = await Promise.all([
    driver.query<{ m: number; n: number | string }>(sql`
      SELECT toUInt32(toStartOfMinute(Timestamp)) AS m, count() AS n FROM paylens_link_spans
      WHERE ${range} GROUP BY m`),
    driver.query<{ m: number; n: number | string }>(sql`
      SELECT toUInt32(Minute) AS m, argMax(Spans, BuiltAt) AS n FROM paylens_journey_minutes_built
      WHERE LinkVersion = ${version} AND Minute >= toDateTime(${typed('Int64', fromSec)})
        AND Minute < toDateTime(${typed('Int64', toSec)})
      GROUP BY m`),
  ]);
  const current = new Map(counted.map((row) => [Number(row.m), Number(row.n)]));
  const stale = staleMinutes(current, new Map(recorded.map((row) => [Number(row.m), Number(row.n)])));
  for (const [runFrom, runTo] of minuteRuns(stale)) {
    await driver.command(buildMinutesSql(link, version, runFrom, runTo));
    const rows = stale
      .filter((minute) => minute >= runFrom && minute < runTo)
      .map((minute) => ({ LinkVersion: version, Minute: minute, Spans: current.get(minute) ?? 0 }));
    await insertRows(driver, 'paylens_journey_minutes_built', rows);
  }
  return { built: stale.length };
}

const nsOfSec = (sec: number) => typed('Int64', (BigInt(sec) * 1_000_000_000n).toString());

function timeRangeSql(fromSec: number, toSec: number): SqlFragment {
  return sql`Timestamp >= fromUnixTimestamp64Nano(${nsOfSec(fromSec)}) AND Timestamp < fromUnixTimestamp64Nano(${nsOfSec(toSec)})`;
}

/** A step's bit: its position in the link (link definitions have at most 64 steps). */
function stepBitsSql(link: LinkDefinition): SqlFragment {
  const ids = link.steps.map((step) => step.id);
  const bits = UNSAFE_raw(`[${ids.map((_, s) => `toUInt64(${1n << BigInt(s)})`).join(', ')}]`);
  return sql`transform(Step, ${ids}, ${bits}, toUInt64(0))`;
}

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
      SELECT *, TraceHash, toUnixTimestamp64Nano(Timestamp) AS t, ${stepBitsSql(link)} AS bit
      FROM paylens_link_spans WHERE ${timeRangeSql(fromSec, toSec)}
    )
    GROUP BY Minute, JourneyHash, Keyless`;
}
