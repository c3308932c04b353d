import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import type { LinkDefinition } from '../link/definition.ts';
import { linkSpanColumnsSql } from './link-spans-sql.ts';
import type { LinkSpansCoverage } from './link-spans-view.ts';

/** The columns the link spans view writes, in order (sources add TraceHash after them). */
export const LINK_SPAN_COLUMNS = [
  'Timestamp',
  'Step',
  'Duration',
  'Error',
  'Timeout',
  'ServiceName',
  'SpanName',
  'Peer',
  'Channel',
  'Dims',
  'SpanKey',
  'TraceId',
  'SpanHash',
  'ParentHash',
  'Message',
  'Attrs',
] as const;

/** A half-open time range [fromNs, toNs) in integer nanoseconds since the epoch. */
export interface RangeNs {
  fromNs: bigint;
  toNs: bigint;
}

export function rangeFromMs(range: { from: number; to: number }): RangeNs {
  return { fromNs: BigInt(range.from) * 1_000_000n, toNs: BigInt(range.to) * 1_000_000n };
}

/**
 * What every source returns unless asked for fewer: the view's columns, plus TraceHash (stored since
 * schema 0012), but not Attrs (an array per span that only attribution reads: it asks for it).
 */
const COLUMNS = UNSAFE_raw([...LINK_SPAN_COLUMNS.filter((c) => c !== 'Attrs'), 'TraceHash'].join(', '));

/** `Timestamp` within [fromNs, toNs). */
export function timeBounds({ fromNs, toNs }: RangeNs): SqlFragment {
  return sql`Timestamp >= fromUnixTimestamp64Nano(${typed('Int64', fromNs.toString())})
    AND Timestamp < fromUnixTimestamp64Nano(${typed('Int64', toNs.toString())})`;
}

/** A column of the link spans sources: the view's, or TraceHash. */
export type LinkSpanColumn = (typeof LINK_SPAN_COLUMNS)[number] | 'TraceHash';

/** One read of the table for all its ranges: a union of reads would plan and scan each apart. */
function fromTable(
  ranges: readonly RangeNs[],
  where: SqlFragment | undefined,
  columns: SqlFragment,
): SqlFragment {
  const bounds =
    ranges.length === 1
      ? timeBounds(ranges[0]!)
      : sql`(${join(
          ranges.map((range) => sql`(${timeBounds(range)})`),
          ' OR ',
        )})`;
  return sql`SELECT ${columns} FROM paylens_link_spans WHERE ${bounds}${where ? sql` AND ${where}` : sql``}`;
}

function fromTraces(
  link: LinkDefinition,
  range: RangeNs,
  where: SqlFragment | undefined,
  columns: SqlFragment,
): SqlFragment {
  return sql`SELECT ${columns} FROM (
    SELECT ${linkSpanColumnsSql(link)}, cityHash64(TraceId) AS TraceHash FROM otel_traces WHERE ${timeBounds(range)}
  ) WHERE Step != ''${where ? sql` AND ${where}` : sql``}`;
}

/**
 * The link spans of [fromNs, toNs) as a subquery, optionally filtered by `where` (over link span
 * columns): from the table where it is complete, computed from otel_traces before that, joined
 * with UNION ALL when the range straddles the boundary. Both sides run the same classification, so
 * the answer does not depend on which one served it.
 */
export function linkSpansSource(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  ranges: RangeNs | readonly RangeNs[],
  where?: SqlFragment,
  /** Only these columns (fewer to plan when a query has many sources); all by default. */
  only?: readonly LinkSpanColumn[],
): SqlFragment {
  const columns = sql`${only ? UNSAFE_raw(only.join(', ')) : COLUMNS}`;
  const parts: SqlFragment[] = [];
  const fromTableRanges: RangeNs[] = [];
  for (const range of Array.isArray(ranges) ? ranges : [ranges as RangeNs]) {
    if (range.fromNs >= range.toNs) continue;
    const boundary = coverage?.coveredFromNs;
    if (boundary === undefined || boundary >= range.toNs) parts.push(fromTraces(link, range, where, columns));
    else if (boundary <= range.fromNs) fromTableRanges.push(range);
    else {
      parts.push(fromTraces(link, { fromNs: range.fromNs, toNs: boundary }, where, columns));
      fromTableRanges.push({ fromNs: boundary, toNs: range.toNs });
    }
  }
  if (fromTableRanges.length > 0) parts.push(fromTable(fromTableRanges, where, columns));
  if (parts.length === 0) return sql`(SELECT ${columns} FROM paylens_link_spans WHERE 0)`;
  return sql`(${join(parts, ' UNION ALL ')})`;
}
