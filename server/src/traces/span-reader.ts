import { type AttributeMap, type ClickHouseDriver, type SqlFragment, sql } from '@paylens/store';
import type { SkeletonSpan } from '../analysis/waterfall/layout-trace.ts';
import { parseNanos } from '../analysis/waterfall/nanos.ts';
import type { SpanDetail } from '../analysis/waterfall/render-spans.ts';
import { instantParam } from './nanos-sql.ts';
import type { NanoWindow } from './time-window.ts';

/** Which spans to read: some traces, within a window of span starts (partition and index pruning). */
export interface SpanSelection {
  traceIds: readonly string[];
  window: NanoWindow;
}

interface SkeletonRow {
  t: string;
  s: string;
  p: string;
  b: string;
  d: string;
}

interface DetailRow extends SkeletonRow {
  service: string;
  name: string;
  kind: string;
  statusCode: string;
  statusMessage: string;
  attributes: AttributeMap;
  resource: AttributeMap;
  eventTimes: string[];
  eventNames: string[];
  eventAttributes: AttributeMap[];
}

/** Span ids per request when fetching details for one page (keeps each request small). */
const DETAIL_CHUNK = 5_000;

function where(selection: SpanSelection, extra?: SqlFragment): SqlFragment {
  const { fromNs, toNs } = selection.window;
  return sql`WHERE Timestamp BETWEEN ${instantParam(fromNs)} AND ${instantParam(toNs)}
    AND TraceId IN ${selection.traceIds}${extra ?? sql``}`;
}

const SKELETON_COLUMNS = sql`TraceId AS t, SpanId AS s, ParentSpanId AS p,
  toString(toUnixTimestamp64Nano(Timestamp)) AS b, toString(Duration) AS d`;

const DETAIL_COLUMNS = sql`${SKELETON_COLUMNS}, ServiceName AS service, SpanName AS name, SpanKind AS kind,
  StatusCode AS statusCode, StatusMessage AS statusMessage,
  SpanAttributes AS attributes, ResourceAttributes AS resource,
  arrayMap(e -> toString(toUnixTimestamp64Nano(e)), Events.Timestamp) AS eventTimes,
  Events.Name AS eventNames, Events.Attributes AS eventAttributes`;

function toSkeleton(row: SkeletonRow): SkeletonSpan {
  return {
    traceId: row.t,
    spanId: row.s,
    parentSpanId: row.p,
    startNs: parseNanos(row.b),
    durationNs: parseNanos(row.d),
  };
}

function toDetail(row: DetailRow): SpanDetail {
  return {
    ...toSkeleton(row),
    service: row.service,
    name: row.name,
    kind: row.kind,
    statusCode: row.statusCode,
    statusMessage: row.statusMessage,
    attributes: row.attributes,
    resource: row.resource,
    events: row.eventNames.map((name, i) => ({
      timeNs: parseNanos(row.eventTimes[i] ?? '0'),
      name,
      attributes: row.eventAttributes[i] ?? {},
    })),
  };
}

/** Every column the waterfall shows, for up to `limit` spans, earliest first. */
export async function readSpanDetails(
  driver: ClickHouseDriver,
  selection: SpanSelection,
  limit: number,
): Promise<SpanDetail[]> {
  const rows = await driver.query<DetailRow>(
    sql`SELECT ${DETAIL_COLUMNS} FROM otel_traces ${where(selection)} ORDER BY Timestamp, SpanId LIMIT ${limit}`,
  );
  return rows.map(toDetail);
}

/** Only what the tree and the critical path need, for very large traces. */
export async function readSkeleton(
  driver: ClickHouseDriver,
  selection: SpanSelection,
  limit: number,
): Promise<SkeletonSpan[]> {
  const rows = await driver.query<SkeletonRow>(
    sql`SELECT ${SKELETON_COLUMNS} FROM otel_traces ${where(selection)} ORDER BY Timestamp, SpanId LIMIT ${limit}`,
  );
  return rows.map(toSkeleton);
}

/** Full columns for the given span ids only (one page of a large trace), in chunks. */
export async function readSpanDetailsById(
  driver: ClickHouseDriver,
  selection: SpanSelection,
  spanIds: readonly string[],
): Promise<SpanDetail[]> {
  const details: SpanDetail[] = [];
  for (let i = 0; i < spanIds.length; i += DETAIL_CHUNK) {
    const chunk = spanIds.slice(i, i + DETAIL_CHUNK);
    const rows = await driver.query<DetailRow>(
      sql`SELECT ${DETAIL_COLUMNS} FROM otel_traces ${where(selection, sql` AND SpanId IN ${chunk}`)}`,
    );
    details.push(...rows.map(toDetail));
  }
  return details;
}
