import { join, type SqlFragment, sql } from '@paylens/store';
import type { LinkDefinition } from '../link/definition.ts';
import { attributeSql, stepSql } from '../link/step-sql.ts';
import { attributeHashesSql } from './attribute-hash-sql.ts';
import { errorSql, stepBudgetSql, timeoutSql } from './outcome-sql.ts';

/** The attribute naming the payment channel (Alipay, WeChat Pay, card…) in timeout hotspots. */
export const CHANNEL_ATTRIBUTE = 'payment.channel';
/** A client span's downstream peer: `peer.service`, else `server.address`. */
export const PEER_ATTRIBUTES = ['peer.service', 'server.address'] as const;
/** Failure messages are cut to this many characters (they are grouped for "top errors"). */
export const MESSAGE_MAX_CHARS = 200;

/**
 * The link spans: one narrow row per span classified as a step, with its outcome and the values the
 * analytics group by. The same columns come either from the `paylens_link_spans` table (kept by a
 * materialized view at insert) or computed here from `otel_traces` on the fly, so both sources give
 * the same answers. Every value is a bound parameter (ClickHouse inlines them into a view's DDL).
 */
export function linkSpanColumnsSql(
  link: Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>,
): SqlFragment {
  const dims = link.dimensions.map((dimension) => sql`${dimension}, ${dimensionSql(dimension)}`);
  return sql`Timestamp,
    ${stepSql(link)} AS Step,
    Duration,
    toUInt8(${errorSql()}) AS Error,
    toUInt8(${timeoutSql(stepBudgetSql(link, sql`Step`))}) AS Timeout,
    ServiceName,
    SpanName,
    ${peerSql()} AS Peer,
    ${attributeSql(CHANNEL_ATTRIBUTE)} AS Channel,
    ${dims.length > 0 ? sql`map(${join(dims, ', ')})` : sql`map()`} AS Dims,
    ${journeyKeySql(link.journeyKey)} AS SpanKey,
    TraceId,
    cityHash64(SpanId) AS SpanHash,
    if(ParentSpanId = '', toUInt64(0), cityHash64(ParentSpanId)) AS ParentHash,
    if(Error OR Timeout, leftUTF8(multiIf(StatusMessage != '', StatusMessage,
      SpanAttributes['error.type'] != '', SpanAttributes['error.type'], Timeout, 'timeout', 'error'), ${MESSAGE_MAX_CHARS}), '') AS Message,
    ${attributeHashesSql(link.journeyKey, sql`Peer`)} AS Attrs`;
}

/** A span's downstream peer over otel_traces columns ('' when it names none). */
export function peerSql(): SqlFragment {
  const [peerService, serverAddress] = PEER_ATTRIBUTES;
  return sql`if(SpanAttributes[${peerService}] != '', SpanAttributes[${peerService}], SpanAttributes[${serverAddress}])`;
}

/** A dimension's value: `service.name` is the ServiceName column; others are attributes. */
export function dimensionSql(dimension: string): SqlFragment {
  return dimension === 'service.name' ? sql`ServiceName` : attributeSql(dimension);
}

/** The span's own journey key (first non-empty key attribute), '' when it carries none. */
export function journeyKeySql(keys: readonly string[]): SqlFragment {
  if (keys.length === 0) return sql`''`;
  return sql`multiIf(${join(
    keys.map((key) => sql`${attributeSql(key)} != '', ${attributeSql(key)}`),
    ', ',
  )}, '')`;
}
