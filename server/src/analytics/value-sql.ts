import { join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import { VALUE_KEY } from '../analysis/value-sums.ts';

/**
 * Journey values summed in ClickHouse, exactly (Decimal, never a float), per currency. A journey
 * without a value (NULL) adds nothing. Amounts leave as text so no digit is lost on the way.
 */

const n = (value: number) => UNSAFE_raw(String(value));

/** One value sum of the funnel: its key's prefix (kind, stage or '' for the whole funnel, then the currency). */
export interface FunnelValueKey {
  prefix: string;
  /** When a journey row (Entered, Succeeded bit masks in scope) adds its value to this key. */
  condition: SqlFragment;
}

/**
 * The keys of value-sums.ts's funnelValues, per funnel stage i (`positions[i]`: its index in the
 * link), a stage's drop-off from the stage before it.
 */
export function funnelValueKeys(positions: readonly number[]): FunnelValueKey[] {
  const keys: FunnelValueKey[] = [];
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
  return keys;
}

/** One journey row's funnelValues keys, with its currency: the prefixes whose condition holds. */
export function funnelValueKeysSql(positions: readonly number[]): SqlFragment {
  const keys = funnelValueKeys(positions);
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
 * Aggregate columns `valueKeys` and `valueAmounts` of the funnel's value sums in one pass, from a
 * column `keys` holding each row's funnelValueKeysSql (computed once per row in a subquery: the
 * bound prefixes differ per use, so the engine would not share them). sumMap drops a key whose sums
 * are all 0: the journey count beside the amount keeps a currency whose journeys are worth 0.
 */
export function funnelValueColumnsSql(keys: SqlFragment): SqlFragment {
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
