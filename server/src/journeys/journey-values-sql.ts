import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import type { RangeNs } from '../analytics/link-spans-source.ts';
import { timeBounds } from '../analytics/link-spans-source.ts';
import type { LinkValue } from '../link/definition.ts';
import { attributeSql } from '../link/step-sql.ts';

/** Decimal places journey values keep: sums of them are exact (DESIGN.md: "exact to the cent"). */
export const VALUE_SCALE = 9;
/** The SQL type of a journey's value. */
export const VALUE_TYPE = `Decimal(38, ${VALUE_SCALE})`;

/**
 * The spans of the traces `where` selects that carry the link's value or currency attribute, from
 * otel_traces over `ranges`: TraceId, startNs, amount (a number or decimal string parsed exactly;
 * NULL when not numeric) and currency ('' when absent). Most journeys carry the amount on a span
 * that is no step (the entry span), so the link spans do not hold it.
 */
export function journeyValuesSql(
  value: LinkValue,
  ranges: readonly RangeNs[],
  where: SqlFragment,
): SqlFragment {
  const currency = value.currencyAttribute ? attributeSql(value.currencyAttribute) : sql`''`;
  const bounds = join(
    ranges.map((range) => sql`(${timeBounds(range)})`),
    ' OR ',
  );
  return sql`(SELECT TraceId, startNs, amount, currency FROM (
      SELECT TraceId, toInt64(toUnixTimestamp64Nano(Timestamp)) AS startNs,
        toDecimal128OrNull(${attributeSql(value.attribute)}, ${UNSAFE_raw(String(VALUE_SCALE))}) AS amount, ${currency} AS currency
      FROM otel_traces WHERE (${ranges.length > 0 ? bounds : sql`0`}) AND ${where})
    WHERE amount IS NOT NULL OR currency != '')`;
}
