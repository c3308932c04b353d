import { type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import { QUANTILES, type Quantiles } from '../analysis/quantiles.ts';

/**
 * Nearest-rank quantiles in ClickHouse. `quantileExact(q)` returns the value at 0-based position
 * ⌊q·n⌋ of the sorted values: one rank above nearest-rank (⌈q·n⌉, 1-based) whenever q·n is whole
 * (n = 10, q = 0.9 gives the 10th value instead of the 9th; `quantileExactLow` does the same except
 * at 0.5, and `quantile`/`quantileTDigest` interpolate or approximate). Asking for q − 10⁻¹² moves a
 * whole q·n just below itself and leaves a fractional one on the same side, so position
 * ⌊(q − 10⁻¹²)·n⌋ = ⌈q·n⌉ − 1: exactly nearest-rank while 10⁻¹²·n < 1/1000, i.e. n < 10⁹ per group.
 * quantiles-sql.int.test.ts checks it for every n up to 2,100 and for a few large n.
 */
const NUDGE = 1e-12;
export const LEVELS = UNSAFE_raw(QUANTILES.map((q) => (q.level - NUDGE).toString()).join(', '));

/** An array of the nearest-rank quantiles of `value` (in QUANTILES order), optionally where `condition`. */
export function quantilesSql(value: SqlFragment, condition?: SqlFragment): SqlFragment {
  return condition
    ? sql`quantilesExactIf(${LEVELS})(${value}, ${condition})`
    : sql`quantilesExact(${LEVELS})(${value})`;
}

/** Per position of the arrays `values`, the nearest-rank quantiles of the elements where `conditions` holds. */
export function quantilesForEachSql(values: SqlFragment, conditions: SqlFragment): SqlFragment {
  return sql`quantilesExactIfForEach(${LEVELS})(${values}, ${conditions})`;
}

/** The single nearest-rank quantile at `level` (a level written in code). */
export function quantileSql(level: number, value: SqlFragment): SqlFragment {
  return sql`quantileExact(${UNSAFE_raw((level - NUDGE).toString())})(${value})`;
}

/** Names the values of a quantilesSql array (nanoseconds) in milliseconds; null when `count` is 0. */
export function quantilesFromNs(valuesNs: readonly number[] | undefined, count: number): Quantiles {
  return Object.fromEntries(
    QUANTILES.map((q, i) => [q.name, count > 0 && valuesNs?.[i] !== undefined ? nsToMs(valuesNs[i]) : null]),
  ) as Quantiles;
}

/** Nanoseconds (a number or a decimal string from ClickHouse) to float milliseconds. */
export function nsToMs(ns: number | string): number {
  return Number(ns) / 1e6;
}
