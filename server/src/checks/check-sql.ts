import { join, type SqlFragment, sql } from '@paylens/store';
import { type CheckDefinition, checkSteps } from '../link/check-schema.ts';

/** How a pass's spans name their step (x.1): the step id, or its index in the link. */
export type StepRef = (id: string) => SqlFragment;

/** Steps named by id (spans read from the link spans). */
export const stepById: StepRef = (id) => sql`${id}`;

/**
 * judge.ts's rule as one ClickHouse expression over `s`, a journey's step spans sorted by start
 * (x.1 step as `stepRef` names it, x.2 start ns, x.3 end ns, x.4 ok, x.5 SpanHash, x.6 its trace):
 * a tuple (judged, violated, atNs, offending SpanHashes, count, gapNs, traces) with judge.ts's
 * meanings, `traces` being the distinct x.6 of spans of the check's steps. Unused entries are 0 or
 * empty.
 */
export function checkSql(check: CheckDefinition, nowNs: bigint, stepRef: StepRef = stepById): SqlFragment {
  const step = stepRef(check.step);
  const judged = sql`arrayExists(x -> x.1 = ${step}, s)`;
  const steps = join(checkSteps(check).map(stepRef), ', ');
  const traces = sql`arraySort(arrayDistinct(arrayMap(x -> x.6, arrayFilter(x -> has([${steps}], x.1), s))))`;
  const hashes = (spans: SqlFragment) => sql`arrayMap(x -> x.5, ${spans})`;
  const result = (
    violated: SqlFragment,
    at: SqlFragment,
    spans: SqlFragment,
    count: SqlFragment,
    gap: SqlFragment,
  ) =>
    // Only a violation needs its traces (a sample, a listed journey): the rest skip the strings.
    sql`tuple(${judged}, toUInt8(${judged} AND ${violated}), toInt64(${at}), ${spans}, toUInt32(${count}), toInt64(${gap}),
      if(${judged} AND ${violated}, ${traces}, []))`;
  switch (check.kind) {
    case 'atMostOnce': {
      const ok = sql`arrayFilter(x -> x.1 = ${step} AND x.4, s)`;
      return result(sql`length(${ok}) >= 2`, sql`${ok}[2].2`, hashes(ok), sql`length(${ok})`, sql`0`);
    }
    case 'maxAttempts': {
      const all = sql`arrayFilter(x -> x.1 = ${step}, s)`;
      return result(
        sql`length(${all}) > ${check.max}`,
        sql`${all}[${check.max + 1}].2`,
        hashes(all),
        sql`length(${all})`,
        sql`0`,
      );
    }
    case 'notAfter': {
      const done = sql`arrayFilter(x -> x.1 = ${stepRef(check.after)} AND x.4, s)`;
      const endNs = sql`if(empty(${done}), toInt64(9223372036854775807), arrayMin(x -> x.3, ${done}))`;
      const late = sql`arrayFilter(x -> x.1 = ${step} AND x.2 > ${endNs}, s)`;
      const at = sql`${late}[1].2`;
      const before = sql`arrayFilter(x -> x.1 = ${stepRef(check.after)} AND x.4 AND x.3 < ${at}, s)`;
      return result(
        sql`notEmpty(${late})`,
        at,
        sql`arrayConcat(${hashes(late)}, ${hashes(before)})`,
        sql`length(${late})`,
        sql`${at} - ${endNs}`,
      );
    }
    case 'requires': {
      const first = sql`arrayFirst(x -> x.1 = ${step}, s).2`;
      const required = sql`arrayFirstIndex(x -> x.1 = ${stepRef(check.requires)}, s)`;
      return result(
        sql`(${required} = 0 OR s[${required}].2 > ${first})`,
        first,
        hashes(sql`arrayFilter(x -> x.1 = ${step} AND x.2 = ${first}, s)`),
        sql`arrayCount(x -> x.1 = ${stepRef(check.requires)}, s)`,
        sql`if(${required} = 0, 0, s[${required}].2 - ${first})`,
      );
    }
    case 'followedBy': {
      const withinNs = BigInt(check.withinMs) * 1_000_000n;
      const then = sql`arrayFilter(y -> y.1 = ${stepRef(check.then)} AND y.4, s)`;
      const unfollowed = sql`arrayFilter(x -> x.1 = ${step} AND x.4 AND x.3 + ${withinNs} <= ${nowNs}
        AND NOT arrayExists(y -> y.2 >= x.2 AND y.2 <= x.3 + ${withinNs}, ${then}), s)`;
      return result(
        sql`notEmpty(${unfollowed})`,
        sql`if(empty(${unfollowed}), 0, arrayMin(x -> x.3 + ${withinNs}, ${unfollowed}))`,
        hashes(unfollowed),
        sql`length(${unfollowed})`,
        sql`0`,
      );
    }
  }
}
