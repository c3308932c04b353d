import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import { type CheckDefinition, checkSteps } from '../link/check-schema.ts';

/** How a pass's spans name their step (x.1): the step id, or its index in the link. */
export type StepRef = (id: string) => SqlFragment;

/** Steps named by id (spans read from the link spans). */
export const stepById: StepRef = (id) => sql`${id}`;

/**
 * judge.ts's rule as ClickHouse expressions over `spans`, a journey's step spans sorted by start
 * (x.1 step as `stepRef` names it, x.2 start ns, x.3 end ns, x.4 ok, x.5 SpanHash, x.6 its trace).
 */
export interface CheckExpressions {
  /**
   * tuple(judged, violated, atNs, count, gapNs) with judge.ts's meanings; atNs, count and gapNs
   * are 0 unless violated. Cheap enough for every journey of a day.
   */
  verdict: SqlFragment;
  /** A violating journey's offending SpanHashes (meaningless on the others). */
  hashes: SqlFragment;
  /** The distinct x.6, sorted, of the spans of the check's steps: the traces a violation names. */
  traces: SqlFragment;
}

/**
 * `body` over `value` computed once per row: ClickHouse computes a repeated expression as often
 * as it is written when it holds a lambda, so a value read several times is bound here instead.
 */
export function bind(value: SqlFragment, name: 'v' | 'e', body: SqlFragment): SqlFragment {
  return sql`arrayMap(${UNSAFE_raw(name)} -> ${body}, [${value}])[1]`; // a name from the type: code, not input
}

/**
 * A verdict from the rule's facts (`v`, one tuple, bound once): whether it judges, whether it is
 * violated, and at / count / gap. Products of 0/1 rather than `if` and `and`: short-circuit
 * functions run their arguments lazily, each computing its own copy of the spans array (in the
 * journey builder, its whole derivation).
 */
function verdictOf(
  facts: SqlFragment[],
  rule: {
    judged: SqlFragment;
    violated: SqlFragment;
    at: SqlFragment;
    count: SqlFragment;
    gap?: SqlFragment;
  },
): SqlFragment {
  const violated = sql`toUInt8(toUInt8(${rule.judged}) * toUInt8(${rule.violated}))`;
  return bind(
    sql`tuple(${join(facts, ', ')})`,
    'v',
    sql`tuple(toUInt8(${rule.judged}), ${violated}, toInt64(${rule.at}) * ${violated},
      toUInt32(${rule.count}) * ${violated}, toInt64(${rule.gap ?? sql`0`}) * ${violated})`,
  );
}

/**
 * The verdict scans every journey of the range: each fact is one pass over the spans (counting and
 * finding rather than filtering into new arrays where it can), the nested followedBy scan only
 * over the few candidate spans; the offenders (hashes, traces) are for the journeys shown.
 */
export function checkSql(
  check: CheckDefinition,
  nowNs: bigint,
  stepRef: StepRef = stepById,
  spans: SqlFragment = sql`s`,
): CheckExpressions {
  const step = stepRef(check.step);
  const judged = sql`arrayExists(x -> x.1 = ${step}, ${spans})`;
  const steps = join(checkSteps(check).map(stepRef), ', ');
  const traces = sql`arraySort(arrayDistinct(arrayMap(x -> x.6, arrayFilter(x -> has([${steps}], x.1), ${spans}))))`;
  const hashesOf = (condition: SqlFragment) =>
    sql`arrayMap(x -> x.5, arrayFilter(x -> ${condition}, ${spans}))`;
  switch (check.kind) {
    case 'atMostOnce': {
      const ok = sql`x.1 = ${step} AND x.4`;
      return {
        verdict: verdictOf(
          [judged, sql`arrayCount(x -> ${ok}, ${spans})`, sql`arrayFilter(x -> ${ok}, ${spans})[2].2`],
          {
            judged: sql`v.1`,
            violated: sql`v.2 >= 2`,
            at: sql`v.3`,
            count: sql`v.2`,
          },
        ),
        hashes: hashesOf(ok),
        traces,
      };
    }
    case 'maxAttempts': {
      const own = sql`x.1 = ${step}`;
      return {
        verdict: verdictOf(
          [
            sql`arrayCount(x -> ${own}, ${spans})`,
            sql`arrayFilter(x -> ${own}, ${spans})[${check.max + 1}].2`,
          ],
          { judged: sql`v.1 > 0`, violated: sql`v.1 > ${check.max}`, at: sql`v.2`, count: sql`v.1` },
        ),
        hashes: hashesOf(own),
        traces,
      };
    }
    case 'notAfter': {
      const after = stepRef(check.after);
      // e: the earliest end of a successful `after` span; none: the largest Int64, so nothing is late.
      const endNs = sql`arrayMin(x -> if(x.1 = ${after} AND x.4, x.3, toInt64(9223372036854775807)), ${spans})`;
      const late = sql`x.1 = ${step} AND x.2 > e`;
      const verdict = verdictOf(
        [
          judged,
          sql`arrayExists(x -> ${late}, ${spans})`,
          sql`arrayFirst(x -> ${late}, ${spans}).2`,
          sql`arrayCount(x -> ${late}, ${spans})`,
          sql`e`,
        ],
        { judged: sql`v.1`, violated: sql`v.2`, at: sql`v.3`, count: sql`v.4`, gap: sql`v.3 - v.5` },
      );
      const lateHashes = sql`arrayMap(x -> x.5, arrayFilter(x -> ${late}, ${spans}))`;
      const at = sql`arrayFirst(x -> ${late}, ${spans}).2`;
      return {
        verdict: bind(endNs, 'e', verdict),
        hashes: bind(
          endNs,
          'e',
          sql`arrayConcat(${lateHashes}, ${hashesOf(sql`x.1 = ${after} AND x.4 AND x.3 < ${at}`)})`,
        ),
        traces,
      };
    }
    case 'requires': {
      const required = sql`x.1 = ${stepRef(check.requires)}`;
      const first = sql`arrayFirst(x -> x.1 = ${step}, ${spans}).2`;
      return {
        verdict: verdictOf(
          [
            judged,
            first,
            sql`arrayExists(x -> ${required}, ${spans})`,
            sql`arrayFirst(x -> ${required}, ${spans}).2`,
            sql`arrayCount(x -> ${required}, ${spans})`,
          ],
          {
            judged: sql`v.1`,
            violated: sql`bitOr(NOT v.3, v.4 > v.2)`,
            at: sql`v.2`,
            count: sql`v.5`,
            gap: sql`(v.4 - v.2) * v.3`,
          },
        ),
        hashes: hashesOf(sql`x.1 = ${step} AND x.2 = ${first}`),
        traces,
      };
    }
    case 'followedBy': {
      const withinNs = BigInt(check.withinMs) * 1_000_000n;
      const then = stepRef(check.then);
      // Successful spans whose window has passed (about one per journey), then the unfollowed.
      const due = sql`arrayFilter(x -> x.1 = ${step} AND x.4 AND x.3 + ${withinNs} <= ${nowNs}, ${spans})`;
      const unfollowed = sql`arrayFilter(x -> NOT arrayExists(y -> y.1 = ${then} AND y.4 AND y.2 >= x.2
        AND y.2 <= x.3 + ${withinNs}, ${spans}), ${due})`;
      return {
        verdict: verdictOf([judged, unfollowed], {
          judged: sql`v.1`,
          violated: sql`notEmpty(v.2)`,
          at: sql`arrayMin(x -> x.3 + ${withinNs}, v.2)`,
          count: sql`length(v.2)`,
        }),
        hashes: sql`arrayMap(x -> x.5, ${unfollowed})`,
        traces,
      };
    }
  }
}
