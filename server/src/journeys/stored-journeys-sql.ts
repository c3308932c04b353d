import { join, type SqlFragment, sql, typed } from '@paylens/store';
import type { RangeNs } from '../analytics/link-spans-source.ts';

/** Stored journey rows (journeyRowsSql's columns) of a link version that started in the ranges. */
export function storedJourneysSql(version: string, ranges: readonly RangeNs[]): SqlFragment {
  const ns = (value: bigint) => typed('Int64', value.toString());
  const inRanges = join(
    ranges.map(
      (r) =>
        sql`(Start >= fromUnixTimestamp64Nano(${ns(r.fromNs)}) AND Start < fromUnixTimestamp64Nano(${ns(r.toNs)}))`,
    ),
    ' OR ',
  );
  return sql`(SELECT Journey, JourneyHash, toInt64(toUnixTimestamp64Nano(Start)) AS StartNs,
      toInt64(toUnixTimestamp64Nano(End)) AS EndNs, Entered, Succeeded, Attempts, FirstStart, FirstOkEnd,
      LastFailure, Failures, Dims, LastStep, LastSpanAt, Traces, Value, Currency, Waiting
    FROM paylens_journeys FINAL
    WHERE LinkVersion = ${version} AND (${inRanges}))`;
}
