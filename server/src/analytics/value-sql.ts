import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { VALUE_KEY } from '../analysis/value-sums.ts';

/**
 * Journey values summed in ClickHouse, exactly (Decimal, never a float), per currency. A journey
 * without a value (NULL) adds nothing. Amounts leave as text so no digit is lost on the way.
 */

const n = (value: number) => UNSAFE_raw(String(value));

/**
 * The keys of value-sums.ts's funnelValues for one journey row (Entered, Succeeded bit masks in
 * scope), per funnel stage i (`positions[i]`: its index in the link), a stage's drop-off from the
 * stage before it.
 */
export function funnelValueKeysSql(positions: readonly number[]): SqlFragment {
  // Each key's prefix (kind, stage index or '' for the whole funnel) beside the condition for it:
  // the journey's keys are the prefixes whose condition holds, with its currency.
  const keys: { prefix: string; condition: SqlFragment }[] = [];
  const key = (kind: string, i: number | '', condition: SqlFragment) =>
    keys.push({ prefix: `${kind}\t${i}\t`, condition });
  key(VALUE_KEY.journeys, '', sql`1`);
  key(VALUE_KEY.completed, '', sql`bitTest(Succeeded, ${n(positions.at(-1)!)})`);
  positions.forEach((k, i) => {
    const entered = sql`bitTest(Entered, ${n(k)})`;
    const succeeded = sql`bitTest(Succeeded, ${n(k)})`;
    key(VALUE_KEY.entered, i, entered);
    key(VALUE_KEY.succeeded, i, succeeded);
    key(VALUE_KEY.failed, i, sql`${entered} AND NOT ${succeeded}`);
    if (i > 0) key(VALUE_KEY.dropped, i, sql`bitTest(Succeeded, ${n(positions[i - 1]!)}) AND NOT ${entered}`);
  });
  const prefixes = typed(
    'Array(String)',
    keys.map((k) => k.prefix),
  );
  const conditions = join(
    keys.map((k) => k.condition),
    ', ',
  );
  return sql`arrayMap(p -> concat(p, Currency), arrayFilter((p, c) -> c, ${prefixes}, [${conditions}]))`;
}

/**
 * Aggregate columns `valueKeys` and `valueAmounts` of the funnel's value sums. sumMap drops a key
 * whose sums are all 0: the journey count beside the amount keeps a currency whose journeys are
 * worth 0 in total (as the rollup's value rows do).
 */
export function funnelValueColumnsSql(positions: readonly number[]): SqlFragment {
  const keys = funnelValueKeysSql(positions);
  const sums = sql`sumMapIf(${keys}, arrayMap(x -> assumeNotNull(Value), ${keys}), arrayMap(x -> toUInt64(1), ${keys}), isNotNull(Value))`;
  return sql`tupleElement(${sums}, 1) AS valueKeys, arrayMap(x -> toString(x), tupleElement(${sums}, 2)) AS valueAmounts`;
}

/**
 * Window columns `riskCurrencies` and `riskAmounts`: the values of every row of the query (all
 * of them, before its LIMIT) per currency.
 */
export function valueOverAllRowsSql(): SqlFragment {
  // The count keeps a currency whose amounts sum to 0 (sumMap drops keys whose sums are all 0).
  const sums = sql`sumMapIf([Currency], [assumeNotNull(Value)], [toUInt64(1)], isNotNull(Value)) OVER ()`;
  return sql`tupleElement(${sums}, 1) AS riskCurrencies, arrayMap(x -> toString(x), tupleElement(${sums}, 2)) AS riskAmounts`;
}
