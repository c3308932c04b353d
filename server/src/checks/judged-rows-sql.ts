import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import type { CheckDefinition } from '../link/check-schema.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { checkSql, type StepRef, stepById } from './check-sql.ts';

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
 * judgedRowsSql's rows from stored journeys (JourneyStore.checkJourneysIn: Journey, TraceNames and
 * `s`, the journey's CheckSpans in the range), where spans name their step by its index in the link
 * and their trace by its place in TraceNames. The same rules (check-sql.ts) over the same spans.
 */
export function storedJudgedRowsSql(
  link: Pick<LinkDefinition, 'steps'>,
  journeys: SqlFragment,
  checks: readonly CheckDefinition[],
  nowNs: bigint,
): SqlFragment {
  const index = (id: string) => {
    const k = link.steps.findIndex((step) => step.id === id);
    if (k < 0) throw new Error(`check step ${id} is not a step of the link`);
    return sql`${UNSAFE_raw(String(k))}`; // an index: a number, never user text
  };
  return judgedJourneysSql(
    journeys,
    checks,
    nowNs,
    index,
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
  const results = checks.map((check) => checkSql(check, nowNs, stepRef));
  return sql`(
    SELECT Journey, ${traceNames(sql`r.7`)} AS Traces, toUInt8(ci - 1) AS ci, r.2 AS violated, r.3 AS atNs, r.4 AS hashes,
      r.5 AS n, r.6 AS gapNs
    FROM ${journeys}
    ARRAY JOIN [${join(results, ', ')}] AS r, arrayEnumerate([${join(
      results.map(() => sql`0`),
      ', ',
    )}]) AS ci
    WHERE r.1
  )`;
}
