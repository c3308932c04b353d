import { type SqlFragment, sql, typed } from '@paylens/store';
import type { LinkDefinition } from '../link/definition.ts';
import { attributeHashSql, attributeKeyHashSql, attributePairsSql } from './attribute-hash-sql.ts';
import { andSql } from './filters-sql.ts';
import { linkSpansSource, type RangeNs, timeBounds } from './link-spans-source.ts';
import { peerSql } from './link-spans-sql.ts';
import type { LinkSpansCoverage } from './link-spans-view.ts';

/** Which spans of the step form the selection: a duration band [minNs, maxNs) and an outcome. */
export interface SelectionSpec {
  minNs?: bigint;
  maxNs?: bigint;
  outcome?: 'error' | 'timeout';
}

/** The selection over link span columns (Duration, Error, Timeout). */
export function linkSpanSelectionSql(selection: SelectionSpec): SqlFragment {
  return (
    andSql([
      selection.minNs === undefined
        ? undefined
        : sql`Duration >= ${typed('UInt64', selection.minNs.toString())}`,
      selection.maxNs === undefined
        ? undefined
        : sql`Duration < ${typed('UInt64', selection.maxNs.toString())}`,
      selection.outcome === 'error' ? sql`Error = 1` : undefined,
      selection.outcome === 'timeout' ? sql`Timeout = 1` : undefined,
    ]) ?? sql`1`
  );
}

/** The hash standing for "every span" in the counts (the selection and baseline totals). */
export const TOTALS_HASH = '0';

/**
 * Per attribute hash (link spans' Attrs, attribute-hash-sql.ts), the selected and baseline spans
 * carrying it, and one of those spans (its start and SpanHash) to read the key and value back from;
 * only keys with at most `maxDistinct` values (more: an id, dropped here, so a million request ids
 * never leave ClickHouse). Hash 0 counts every span. One scan of the narrow link spans of the step.
 */
export function attributionCountsSql(options: {
  link: LinkDefinition;
  coverage: LinkSpansCoverage | undefined;
  range: RangeNs;
  where: SqlFragment;
  selection: SelectionSpec;
  maxDistinct: number;
}): SqlFragment {
  const source = linkSpansSource(options.link, options.coverage, options.range, options.where, [
    'Timestamp',
    'Duration',
    'Error',
    'Timeout',
    'SpanHash',
    'Attrs',
  ]);
  return sql`
    SELECT toString(Hash) AS hash, selection, baseline, toString(startNs) AS startNs, toString(spanHash) AS spanHash
    FROM (
      SELECT Hash, countIf(Selected) AS selection, countIf(NOT Selected) AS baseline,
        toUnixTimestamp64Nano(any(Timestamp)) AS startNs, any(SpanHash) AS spanHash,
        count() OVER (PARTITION BY ${attributeKeyHashSql(sql`Hash`)}) AS valuesOfKey
      FROM (
        SELECT ${linkSpanSelectionSql(options.selection)} AS Selected, Timestamp, SpanHash,
          arrayConcat([toUInt64(0)], Attrs) AS Hashes
        FROM ${source}
      )
      ARRAY JOIN Hashes AS Hash
      GROUP BY Hash
    )
    WHERE Hash = 0 OR valuesOfKey <= ${typed('UInt32', options.maxDistinct)}`;
}

/**
 * The key and value behind each of `hashes`, read from one span carrying it (`spans`: start in ns
 * and SpanHash). Only the step's (service, span name) pairs are read, which otel_traces' sort key
 * turns into a few granule ranges, and within them only rows at those instants.
 */
export function attributeNamesSql(options: {
  link: LinkDefinition;
  coverage: LinkSpansCoverage | undefined;
  range: RangeNs;
  step: string;
  hashes: readonly string[];
  spans: readonly { startNs: string; spanHash: string }[];
}): SqlFragment {
  const starts = [...new Set(options.spans.map((s) => s.startNs))];
  const instants = starts.map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bounds = { fromNs: instants[0] ?? 0n, toNs: (instants.at(-1) ?? 0n) + 1n };
  const pairs = linkSpansSource(options.link, options.coverage, options.range, sql`Step = ${options.step}`, [
    'ServiceName',
    'SpanName',
  ]);
  const skip = options.link.journeyKey;
  return sql`
    SELECT toString(Hash) AS hash, any(Pair.1) AS key, any(Pair.2) AS value
    FROM (
      SELECT arrayJoin(${attributePairsSql(skip, peerSql())}) AS Pair, ${attributeHashSql(sql`Pair.1`, sql`Pair.2`)} AS Hash
      FROM otel_traces
      WHERE ${timeBounds(bounds)}
        AND (ServiceName, SpanName) IN (SELECT DISTINCT ServiceName, SpanName FROM ${pairs})
        AND has(${int64s(starts)}, toUnixTimestamp64Nano(Timestamp))
        AND has(${uint64s(options.spans.map((s) => s.spanHash))}, cityHash64(SpanId))
    )
    WHERE has(${uint64s(options.hashes)}, Hash)
    GROUP BY Hash`;
}

/** 64-bit integers travel as decimal strings (JSON numbers lose precision above 2^53). */
function uint64s(values: readonly string[]): SqlFragment {
  return sql`arrayMap(x -> toUInt64(x), ${typed('Array(String)', [...new Set(values)])})`;
}

function int64s(values: readonly string[]): SqlFragment {
  return sql`arrayMap(x -> toInt64(x), ${typed('Array(String)', [...new Set(values)])})`;
}
