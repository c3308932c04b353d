import { join, type SqlFragment, sql, UNSAFE_raw } from '@paylens/store';
import type { CheckDefinition } from '../link/check-schema.ts';
import { type LinkDefinition, linkChecks } from '../link/definition.ts';
import { checkSql, type StepRef } from './check-sql.ts';

/** Past every followedBy window: a journey's verdict once all of them have passed. */
const END_OF_TIME_NS = 9_223_372_036_854_775_807n;

/** A step named by its index in the link, as CheckSpans names it (a number, never user text). */
export function stepIndexRef(link: Pick<LinkDefinition, 'steps'>): StepRef {
  return (id) => {
    const k = link.steps.findIndex((step) => step.id === id);
    if (k < 0) throw new Error(`check step ${id} is not a step of the link`);
    return sql`${UNSAFE_raw(String(k))}`;
  };
}

const n = (value: number | bigint) => UNSAFE_raw(String(value));

/** A journey's verdicts, one per check of the link in order (check-sql.ts's verdict tuple). */
const VERDICTS_TYPE = 'Array(Tuple(UInt8, UInt8, Int64, UInt32, Int64))';

/**
 * The verdicts of every check of the link over the row's CheckSpans (in scope by that name), over
 * all its spans and as if every window had passed: an array, computed once in a subquery of its
 * own (`CheckVerdicts`) that checkVerdictColumnsSql reads.
 */
export function checkVerdictsSql(link: Pick<LinkDefinition, 'steps' | 'checks'>): SqlFragment {
  const ref = stepIndexRef(link);
  const verdicts = linkChecks(link).map(
    (check) => checkSql(check, END_OF_TIME_NS, ref, sql`CheckSpans`).verdict,
  );
  return sql`CAST([${join(verdicts, ', ')}] AS ${UNSAFE_raw(VERDICTS_TYPE)})`;
}

/**
 * The journey row's stored verdicts from its CheckSpans and CheckVerdicts (checkVerdictsSql):
 * - CheckFrom / CheckTo: the first and last start among its check spans (0 without any);
 * - CheckSettled: when its last followedBy window ends (0 without one): judged at or after it, the
 *   verdict no longer depends on "now";
 * - CheckJudged: bit i set when check i judges it (it has a span of the check's step);
 * - CheckViolations: (check index, atNs, count, gapNs) of each check it violates.
 * A journey whose check spans all start in a range, and whose windows have passed by the range's
 * "now", has in that range exactly these verdicts (check-sql.ts's rules over the same spans).
 */
export function checkVerdictColumnsSql(link: Pick<LinkDefinition, 'steps' | 'checks'>): SqlFragment {
  const ref = stepIndexRef(link);
  const settled = linkChecks(link)
    .filter((check): check is Extract<CheckDefinition, { kind: 'followedBy' }> => check.kind === 'followedBy')
    .map(
      (check) =>
        sql`arrayMax(x -> if(x.1 = ${ref(check.step)} AND x.4, x.3 + ${n(BigInt(check.withinMs) * 1_000_000n)}, 0), CheckSpans)`,
    );
  const indexes = sql`arrayEnumerate(CheckVerdicts)`;
  // arrayMin/arrayMax of an empty array are 0.
  return sql`arrayMin(x -> x.2, CheckSpans) AS CheckFrom, arrayMax(x -> x.2, CheckSpans) AS CheckTo,
      ${settled.length === 0 ? sql`toInt64(0)` : sql`toInt64(greatest(0, ${join(settled, ', ')}))`} AS CheckSettled,
      toUInt64(arraySum((r, i) -> bitShiftLeft(toUInt64(r.1), i - 1), CheckVerdicts, ${indexes})) AS CheckJudged,
      arrayMap((r, i) -> (toUInt8(i - 1), r.3, r.4, r.5),
        arrayFilter((r, i) -> r.2 = 1, CheckVerdicts, ${indexes}),
        arrayFilter((i, r) -> r.2 = 1, ${indexes}, CheckVerdicts)) AS CheckViolations`;
}
