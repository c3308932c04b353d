import { join, type SqlFragment, sql, typed } from '@paylens/store';
import type { RangeNs } from '../analytics/link-spans-source.ts';
import type { CheckDefinition } from '../link/check-schema.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { bind, checkSql, type StepRef, stepById } from './check-sql.ts';
import { stepIndexRef } from './check-verdicts-sql.ts';

/** The link span columns a check pass reads. */
export const CHECK_SPAN_COLUMNS = [
  'TraceId',
  'SpanKey',
  'Step',
  'Timestamp',
  'Duration',
  'Error',
  'Timeout',
  'SpanHash',
] as const;

export interface CheckPass {
  checks: readonly CheckDefinition[];
  /** Link spans of the checks' steps (CHECK_SPAN_COLUMNS). */
  spans: SqlFragment;
  /** TraceId → Journey of every trace of `spans` (JourneyStore.traceJourneysIn). */
  traceJourneys: SqlFragment;
  /** followedBy judges a span once its window has passed this instant. */
  nowNs: bigint;
}

/**
 * One row per journey and check that judged it (the journey has a span of the check's step):
 * Journey, Traces (holding spans of the check's steps), ci (the check's index in `checks`), violated, atNs, hashes
 * (offending SpanHashes), n (count) and gapNs, as judge.ts defines them, from link spans. A span
 * carrying a key belongs to that key's journey, else to its trace's (as in journey-rows-sql.ts).
 * The spans of a journey are one array sorted by start, whatever request or batch brought them; a
 * span stored twice (an exporter's retried export) counts once, so it is never a second charge.
 */
export function judgedRowsSql(pass: CheckPass): SqlFragment {
  const journeys = sql`(
      SELECT journey AS Journey,
        arraySort(x -> (x.2, x.5), groupUniqArray((Step, startNs, endNs, ok, SpanHash, TraceId))) AS s
      FROM (
        SELECT if(l.SpanKey != '', l.SpanKey, if(tj.Journey != '', tj.Journey, l.TraceId)) AS journey,
          l.TraceId AS TraceId, toString(l.Step) AS Step, toInt64(toUnixTimestamp64Nano(l.Timestamp)) AS startNs,
          startNs + toInt64(l.Duration) AS endNs, NOT (l.Error OR l.Timeout) AS ok, l.SpanHash AS SpanHash
        FROM ${pass.spans} AS l LEFT JOIN ${pass.traceJourneys} AS tj ON tj.TraceId = l.TraceId
      )
      GROUP BY journey
    )`;
  return judgedJourneysSql(journeys, pass.checks, pass.nowNs, stepById, (traces) => traces);
}

/**
 * judgedRowsSql's rows from stored journeys (JourneyStore.checkJourneysIn's rows): each journey's
 * CheckSpans that start in the range, steps named by their index in the link and traces by their
 * place in TraceNames; the same rules (check-sql.ts) over the same spans.
 */
export function storedJudgedRowsSql(
  link: Pick<LinkDefinition, 'steps'>,
  journeys: SqlFragment,
  checks: readonly CheckDefinition[],
  range: RangeNs,
  nowNs: bigint,
): SqlFragment {
  const from = typed('Int64', range.fromNs.toString());
  const to = typed('Int64', range.toNs.toString());
  const inRange = sql`(SELECT Journey, TraceNames,
      arrayFilter(x -> x.2 >= ${from} AND x.2 < ${to}, CheckSpans) AS s
    FROM ${journeys})`;
  return judgedJourneysSql(
    inRange,
    checks,
    nowNs,
    stepIndexRef(link),
    (traces) => sql`arraySort(arrayMap(i -> TraceNames[i], ${traces}))`,
  );
}

function judgedJourneysSql(
  journeys: SqlFragment,
  checks: readonly CheckDefinition[],
  nowNs: bigint,
  stepRef: StepRef,
  traceNames: (traces: SqlFragment) => SqlFragment,
): SqlFragment {
  const results = checks.map((check) => {
    const { verdict, hashes, traces } = checkSql(check, nowNs, stepRef);
    // Only a violation needs its spans and traces (a sample, a listed journey): the rest skip them.
    return bind(
      verdict,
      'v',
      sql`tuple(v, if(v.2 = 1, ${hashes}, []), if(v.2 = 1, ${traceNames(traces)}, []))`,
    );
  });
  return sql`(
    SELECT Journey, r.3 AS Traces, toUInt8(ci - 1) AS ci, r.1.2 AS violated, r.1.3 AS atNs, r.2 AS hashes,
      r.1.4 AS n, r.1.5 AS gapNs
    FROM ${journeys}
    ARRAY JOIN [${join(results, ', ')}] AS r, arrayEnumerate([${join(
      results.map(() => sql`0`),
      ', ',
    )}]) AS ci
    WHERE r.1.1
  )`;
}
