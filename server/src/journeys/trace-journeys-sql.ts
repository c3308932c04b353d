import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import { LINK_HOPS } from './resolve-journeys.ts';
import type { TraceSet } from './trace-set.ts';

/**
 * Per trace of `ids`: its key from its spans (the trace summary) and from correlated logs. Traces
 * with neither are not listed.
 */
function traceKeysSql(ids: SqlFragment): SqlFragment {
  return sql`(SELECT TraceId,
      if(maxIf(JourneyKey, fromSpans) != '', maxIf(JourneyKey, fromSpans), maxIf(JourneyKey, NOT fromSpans)) AS key
    FROM (
      SELECT TraceId, JourneyKey, 1 AS fromSpans FROM paylens_trace_summary WHERE TraceId IN ${ids} AND JourneyKey != ''
      UNION ALL
      SELECT TraceId, JourneyKey, 0 AS fromSpans FROM paylens_trace_log_keys WHERE TraceId IN ${ids} AND JourneyKey != ''
    )
    GROUP BY TraceId)`;
}

/** Every link (the table holds only spans that carry links): a trace → the smallest TraceId it links to. */
const LINKS = sql`(SELECT TraceId, min(LinkedTraceId) AS linked FROM paylens_trace_links GROUP BY TraceId)`;
/** The keys of every trace something links to. */
const LINKED_KEYS = traceKeysSql(sql`(SELECT LinkedTraceId FROM paylens_trace_links)`);

const alias = (prefix: 'k' | 'l', hop: number) => UNSAFE_raw(`${prefix}${hop}`);

/**
 * Each trace of the set with its journey: the SQL twin of resolveJourney (resolve-journeys.ts),
 * for reading journeys span by span over a whole range. Its own key; else, if it links to another
 * trace, that trace's journey (followed up to LINK_HOPS deep); else itself, or the last key-less
 * trace reached through links. Columns: TraceId, Journey, Via ('key', 'link' or 'trace') and
 * LinkedTo (the trace it links to, when it has no key of its own).
 */
export function traceJourneysSql(traces: TraceSet): SqlFragment {
  const joins: SqlFragment[] = [sql`LEFT JOIN ${traceKeysSql(traces.in)} AS k0 ON k0.TraceId = t.TraceId`];
  const branches: SqlFragment[] = [sql`k0.key != '', k0.key`];
  for (let hop = 1; hop <= LINK_HOPS; hop++) {
    const [l, k] = [alias('l', hop), alias('k', hop)];
    const from = hop === 1 ? sql`t.TraceId` : sql`${alias('l', hop - 1)}.linked`;
    joins.push(
      sql`LEFT JOIN ${LINKS} AS ${l} ON ${l}.TraceId = ${from}`,
      sql`LEFT JOIN ${LINKED_KEYS} AS ${k} ON ${k}.TraceId = ${l}.linked`,
    );
    branches.push(sql`${l}.linked = '', ${from}`, sql`${k}.key != '', ${k}.key`);
  }
  return sql`(SELECT t.TraceId AS TraceId,
      multiIf(${join(branches, ', ')}, ${alias('l', LINK_HOPS)}.linked) AS Journey,
      multiIf(k0.key != '', 'key', l1.linked != '', 'link', 'trace') AS Via,
      if(k0.key = '', l1.linked, '') AS LinkedTo
    FROM ${traces.rows} AS t
    ${join(joins, '\n    ')})`;
}
