import { type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import { VALUE_KEY } from '../analysis/value-sums.ts';

/**
 * Journey values summed in ClickHouse, exactly (Decimal, never a float), per currency. A journey
 * without a value (NULL) adds nothing. Amounts leave as text so no digit is lost on the way.
 */

const n = (value: number) => UNSAFE_raw(String(value));

/** `kind<TAB>step<TAB>currency` for each step index in `steps` (an array expression). */
function keysOf(kind: string, steps: SqlFragment): SqlFragment {
  return sql`arrayMap(k -> concat(${kind}, '\t', toString(k), '\t', Currency), ${steps})`;
}

/**
 * The keys of value-sums.ts's funnelValues for one journey row (Entered, Succeeded bit masks and
 * `failedSteps`, the steps it entered and never succeeded at, in scope).
 */
function funnelValueKeysSql(stepCount: number): SqlFragment {
  const all = sql`range(${n(stepCount)})`;
  const last = n(stepCount - 1);
  return sql`arrayConcat(
      [concat(${VALUE_KEY.journeys}, '\t\t', Currency)],
      if(bitTest(Succeeded, ${last}), [concat(${VALUE_KEY.completed}, '\t\t', Currency)], emptyArrayString()),
      ${keysOf(VALUE_KEY.entered, sql`arrayFilter(k -> bitTest(Entered, k), ${all})`)},
      ${keysOf(VALUE_KEY.succeeded, sql`arrayFilter(k -> bitTest(Succeeded, k), ${all})`)},
      ${keysOf(VALUE_KEY.failed, sql`failedSteps`)},
      ${keysOf(VALUE_KEY.dropped, sql`arrayFilter(k -> bitTest(Succeeded, k - 1) AND NOT bitTest(Entered, k), range(1, ${n(stepCount)}))`)})`;
}

/** Aggregate columns `valueKeys` and `valueAmounts` of the funnel's value sums. */
export function funnelValueColumnsSql(stepCount: number): SqlFragment {
  const keys = funnelValueKeysSql(stepCount);
  const sums = sql`sumMapIf(${keys}, arrayMap(x -> assumeNotNull(Value), ${keys}), isNotNull(Value))`;
  return sql`tupleElement(${sums}, 1) AS valueKeys, arrayMap(x -> toString(x), tupleElement(${sums}, 2)) AS valueAmounts`;
}

/**
 * Window columns `riskCurrencies` and `riskAmounts`: the values of every row of the query (all
 * of them, before its LIMIT) per currency.
 */
export function valueOverAllRowsSql(): SqlFragment {
  const sums = sql`sumMapIf([Currency], [assumeNotNull(Value)], isNotNull(Value)) OVER ()`;
  return sql`tupleElement(${sums}, 1) AS riskCurrencies, arrayMap(x -> toString(x), tupleElement(${sums}, 2)) AS riskAmounts`;
}
