import { join, type SqlFragment, sql, typed } from '@paylens/store';
import type { LinkDefinition } from '../link/definition.ts';
import { stepSql } from '../link/step-sql.ts';
import { andSql } from './filters-sql.ts';
import { linkSpansSource, type RangeNs, timeBounds } from './link-spans-source.ts';
import { dimensionSql, PEER_ATTRIBUTES } from './link-spans-sql.ts';
import type { LinkSpansCoverage } from './link-spans-view.ts';
import { errorSql, stepBudgetSql, timeoutSql } from './outcome-sql.ts';
import type { DimensionFilters } from './params.ts';

/** Which spans of the step form the selection: a duration band [minNs, maxNs) and an outcome. */
export interface SelectionSpec {
  minNs?: bigint;
  maxNs?: bigint;
  outcome?: 'error' | 'timeout';
}

/** Keys added beside the span's own attributes (what the link spans table calls them too). */
export const SPAN_NAME_KEY = 'span.name';
export const PEER_KEY = 'peer';
export const SERVICE_KEY = 'service.name';

/**
 * The selection as a condition over columns named as in otel_traces (Duration, StatusCode,
 * SpanAttributes…) with the step's id in `Step`: the same outcome definitions the link spans view
 * stores as Error and Timeout.
 */
export function selectionSql(link: LinkDefinition, selection: SelectionSpec): SqlFragment {
  return (
    andSql([
      selection.minNs === undefined
        ? undefined
        : sql`Duration >= ${typed('UInt64', selection.minNs.toString())}`,
      selection.maxNs === undefined
        ? undefined
        : sql`Duration < ${typed('UInt64', selection.maxNs.toString())}`,
      selection.outcome === 'error' ? errorSql() : undefined,
      selection.outcome === 'timeout' ? timeoutSql(stepBudgetSql(link, sql`Step`)) : undefined,
    ]) ?? sql`1`
  );
}

/** The same selection over link span columns (Duration, Error, Timeout). */
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

/**
 * Per attribute key, the count of selected and of baseline spans carrying each value, for keys with
 * at most `maxDistinct` values (more: an id, dropped here so its values never leave ClickHouse). Key
 * '' (value '') counts every span: the selection and baseline totals.
 *
 * The step's spans are read from otel_traces (the link spans table holds no attribute maps), found
 * fast: only the (service, span name) pairs the link spans table saw for the step in the range are
 * read, which the table's sort key (ServiceName, SpanName, time) turns into a few granule ranges,
 * and each span is classified again so exactly the step's spans count. No sampling: exact counts.
 */
export function attributionCountsSql(options: {
  link: LinkDefinition;
  coverage: LinkSpansCoverage | undefined;
  range: RangeNs;
  step: string;
  filters: DimensionFilters;
  selection: SelectionSpec;
  skipKeys: readonly string[];
  maxDistinct: number;
}): SqlFragment {
  const { link, range, step } = options;
  const pairs = linkSpansSource(link, options.coverage, range, sql`Step = ${step}`, [
    'ServiceName',
    'SpanName',
  ]);
  const filters = andSql(
    Object.entries(options.filters).map(
      ([dimension, values]) => sql`${dimensionSql(dimension)} IN ${values}`,
    ),
  );
  const [peerService, serverAddress] = PEER_ATTRIBUTES;
  const extra = [
    sql`(${SERVICE_KEY}, toString(ServiceName))`,
    sql`(${SPAN_NAME_KEY}, toString(SpanName))`,
    sql`(${PEER_KEY}, if(SpanAttributes[${peerService}] != '', SpanAttributes[${peerService}], SpanAttributes[${serverAddress}]))`,
    sql`('', '')`,
  ];
  return sql`
    SELECT Key AS key, groupArray(Value) AS values, groupArray(InSelection) AS selection,
      groupArray(InBaseline) AS baseline
    FROM (
      SELECT Pair.1 AS Key, Pair.2 AS Value, countIf(Selected) AS InSelection, countIf(NOT Selected) AS InBaseline
      FROM (
        SELECT ${selectionSql(link, options.selection)} AS Selected,
          arrayJoin(arrayDistinct(arrayConcat(
            arrayZip(CAST(mapKeys(SpanAttributes), 'Array(String)'), mapValues(SpanAttributes)),
            arrayZip(CAST(mapKeys(ResourceAttributes), 'Array(String)'), mapValues(ResourceAttributes)),
            [${join(extra, ', ')}]))) AS Pair
        FROM (
          SELECT *, ${stepSql(link)} AS Step FROM otel_traces
          WHERE ${timeBounds(range)} AND (ServiceName, SpanName) IN (SELECT DISTINCT ServiceName, SpanName FROM ${pairs})
        )
        WHERE Step = ${step}${filters ? sql` AND ${filters}` : sql``}
      )
      WHERE (Pair.1 = '' AND Pair.2 = '') OR (Pair.1 != '' AND Pair.2 != '' AND Pair.1 NOT IN ${typed('Array(String)', [...options.skipKeys])})
      GROUP BY Key, Value
    )
    GROUP BY Key
    HAVING count() <= ${options.maxDistinct} OR Key = ''`;
}
