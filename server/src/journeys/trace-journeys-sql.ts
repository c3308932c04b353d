import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import { LINK_HOPS } from './resolve-journeys.ts';
import type { TraceSet } from './trace-set.ts';

/**
 * A trace's own journey key: the key attribute found on its spans (kept by the trace summary view)
 * or, failing that, on a log record correlated to it.
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

/** The trace each trace links to (the smallest TraceId, so the choice is stable). */
function linksSql(ids: SqlFragment): SqlFragment {
  return sql`(SELECT TraceId, min(LinkedTraceId) AS linked FROM paylens_trace_links
    WHERE TraceId IN ${ids} GROUP BY TraceId)`;
}

const alias = (prefix: 'k' | 'l', hop: number) => UNSAFE_raw(`${prefix}${hop}`);

/**
 * Each trace of the set with its journey, the SQL twin of resolveJourney (resolve-journeys.ts), for
 * reading journeys span by span over a whole range: its own key; else, if it
 * links to another trace, that trace's journey (followed up to LINK_HOPS deep); else itself, named
 * by its TraceId — or by the last key-less trace reached through links, so a consumer joins its
 * key-less producer's journey. Columns: TraceId, Journey, Via ('key', 'link' or 'trace') and
 * LinkedTo (the trace it links to, when it has no key of its own).
 */
export function traceJourneysSql(traces: TraceSet): SqlFragment {
  const hopIds: SqlFragment[] = [traces.in];
  for (let hop = 1; hop <= LINK_HOPS; hop++) {
    hopIds.push(sql`(SELECT linked FROM ${linksSql(hopIds[hop - 1]!)})`);
  }
  const joins: SqlFragment[] = [sql`LEFT JOIN ${traceKeysSql(traces.in)} AS k0 ON k0.TraceId = t.TraceId`];
  const branches: SqlFragment[] = [sql`k0.key != '', k0.key`];
  for (let hop = 1; hop <= LINK_HOPS; hop++) {
    const [l, k] = [alias('l', hop), alias('k', hop)];
    const from = hop === 1 ? sql`t.TraceId` : sql`${alias('l', hop - 1)}.linked`;
    joins.push(
      sql`LEFT JOIN ${linksSql(hopIds[hop - 1]!)} AS ${l} ON ${l}.TraceId = ${from}`,
      sql`LEFT JOIN ${traceKeysSql(hopIds[hop]!)} AS ${k} ON ${k}.TraceId = ${l}.linked`,
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
