import { type SqlFragment, sql } from '@paylens/store';

/** A set of traces as SQL: `in` goes after `TraceId IN`, `rows` is a subquery with a TraceId column. */
export interface TraceSet {
  in: SqlFragment;
  rows: SqlFragment;
}

/** Traces selected by a subquery returning a TraceId column. */
export function tracesFromQuery(query: SqlFragment): TraceSet {
  return { in: sql`(SELECT TraceId FROM ${query})`, rows: sql`(SELECT DISTINCT TraceId FROM ${query})` };
}
