import { type ClickHouseDriver, join, type SqlFragment, sql, typed } from '@paylens/store';
import { parseNanos } from '../analysis/waterfall/nanos.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { stepSql } from '../link/step-sql.ts';
import { instantParam } from './nanos-sql.ts';
import type { TraceSearch } from './search-params.ts';
import type { NanoWindow } from './time-window.ts';

/**
 * Summary rows are per part (min start of that part's spans), so a trace whose spans sit in several
 * parts can show a part starting a little later than the trace. Read this much earlier than `from`,
 * and decide on the merged start in HAVING.
 */
const PART_SLACK_NS = 3_600_000_000_000n;

export interface TraceSummary extends NanoWindow {
  traceId: string;
  rootService: string;
  rootName: string;
  spanCount: number;
  errorCount: number;
}

interface SummaryRow {
  traceId: string;
  start: string;
  end: string;
  rootService: string;
  rootName: string;
  spanCount: number;
  errorCount: number;
}

const ms = (value: number) => BigInt(value) * 1_000_000n;

/** Traces started in [from, to) matching the filters, newest first, from paylens_trace_summary. */
export async function searchTraceSummaries(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  search: TraceSearch,
  keyTraces: readonly string[] = [],
): Promise<TraceSummary[]> {
  const fromNs = ms(search.from);
  const toNs = ms(search.to);
  const where: SqlFragment[] = [];
  if (search.key !== undefined) {
    where.push(sql` AND TraceId IN ${keyTraces}`);
  }
  if (search.step !== undefined) {
    // A trace's spans start at or after the trace does, and within the slack of its start.
    where.push(sql` AND TraceId IN (
      SELECT TraceId FROM otel_traces
      WHERE Timestamp >= ${instantParam(fromNs)} AND Timestamp < ${instantParam(toNs + PART_SLACK_NS)}
        AND ${stepSql(link)} = ${search.step})`);
  }
  const having: SqlFragment[] = [];
  if (search.minMs !== undefined) {
    const minNs = typed('Int64', Math.round(search.minMs * 1e6).toString());
    having.push(sql` AND toUnixTimestamp64Nano(max(End)) - toUnixTimestamp64Nano(min(Start)) >= ${minNs}`);
  }
  if (search.status === 'error') having.push(sql` AND sum(ErrorCount) > 0`);
  if (search.status === 'ok') having.push(sql` AND sum(ErrorCount) = 0`);
  const rows = await driver.query<SummaryRow>(sql`
    SELECT TraceId AS traceId,
      toString(toUnixTimestamp64Nano(min(Start))) AS start,
      toString(toUnixTimestamp64Nano(max(End))) AS end,
      max(RootService) AS rootService, max(RootName) AS rootName,
      sum(SpanCount) AS spanCount, sum(ErrorCount) AS errorCount
    FROM paylens_trace_summary
    WHERE Start >= ${instantParam(fromNs - PART_SLACK_NS)} AND Start < ${instantParam(toNs)}${join(where, '')}
    GROUP BY TraceId
    HAVING min(Start) >= ${instantParam(fromNs)} AND min(Start) < ${instantParam(toNs)}${join(having, '')}
    ORDER BY min(Start) DESC, TraceId
    LIMIT ${search.limit}`);
  return rows.map((row) => ({
    traceId: row.traceId,
    fromNs: parseNanos(row.start),
    toNs: parseNanos(row.end),
    rootService: row.rootService,
    rootName: row.rootName,
    spanCount: Number(row.spanCount),
    errorCount: Number(row.errorCount),
  }));
}

/** The steps each trace has spans of (the link's step expression), in one read of their spans. */
export async function readTraceSteps(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  traces: readonly TraceSummary[],
  window: NanoWindow,
): Promise<Map<string, string[]>> {
  if (traces.length === 0) return new Map();
  const rows = await driver.query<{ traceId: string; steps: string[] }>(sql`
    SELECT traceId, groupUniqArray(step) AS steps
    FROM (
      SELECT TraceId AS traceId, ${stepSql(link)} AS step
      FROM otel_traces
      WHERE Timestamp BETWEEN ${instantParam(window.fromNs)} AND ${instantParam(window.toNs)}
        AND TraceId IN ${traces.map((trace) => trace.traceId)}
    )
    WHERE step != ''
    GROUP BY traceId`);
  return new Map(rows.map((row) => [row.traceId, row.steps]));
}
