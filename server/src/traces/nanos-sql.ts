import { type SqlFragment, sql, typed } from '@paylens/store';

/** An exact instant as a bound parameter: integer nanoseconds, turned into DateTime64(9) by the engine. */
export function instantParam(ns: bigint): SqlFragment {
  return sql`fromUnixTimestamp64Nano(${typed('Int64', ns.toString())})`;
}
