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

/**
 * The journey row's stored verdicts, from its CheckSpans (in scope by that name), over all its
 * spans and as if every window had passed:
 * - CheckFrom / CheckTo: the first and last start among its check spans;
 * - CheckSettled: when its last followedBy window ends (0 without one): judged at or after it, the
 *   verdict no longer depends on "now";
 * - CheckJudged: bit i set when check i judges it (it has a span of the check's step);
 * - CheckViolations: (check index, atNs, count, gapNs) of each check it violates.
 * A journey whose check spans all start in a range, and whose windows have passed by the range's
 * "now", has in that range exactly these verdicts (check-sql.ts's rules over the same spans).
 */
export function checkVerdictColumnsSql(link: Pick<LinkDefinition, 'steps' | 'checks'>): SqlFragment {
  const checks = linkChecks(link);
  const ref = stepIndexRef(link);
  const results = checks.map((check) => checkSql(check, END_OF_TIME_NS, ref, sql`CheckSpans`));
  const settled = checks
    .filter((check): check is Extract<CheckDefinition, { kind: 'followedBy' }> => check.kind === 'followedBy')
    .map(
      (check) =>
        sql`arrayMax(arrayMap(x -> x.3 + ${n(BigInt(check.withinMs) * 1_000_000n)}, arrayFilter(x -> x.1 = ${ref(check.step)} AND x.4, CheckSpans)))`,
    );
  const judged =
    results.length === 0
      ? sql`toUInt64(0)`
      : sql`arraySum([${join(
          results.map((r, i) => sql`bitShiftLeft(toUInt64(${r}.1), ${n(i)})`),
          ', ',
        )}])`;
  const none = sql`(toUInt8(255), toInt64(0), toUInt32(0), toInt64(0))`;
  const violations =
    results.length === 0
      ? sql`CAST([] AS Array(Tuple(UInt8, Int64, UInt32, Int64)))`
      : sql`arrayFilter(v -> v.1 != 255, [${join(
          results.map((r, i) => sql`if(${r}.2 = 1, (toUInt8(${n(i)}), ${r}.3, ${r}.5, ${r}.6), ${none})`),
          ', ',
        )}])`;
  return sql`if(empty(CheckSpans), 0, arrayMin(x -> x.2, CheckSpans)) AS CheckFrom,
      if(empty(CheckSpans), 0, arrayMax(x -> x.2, CheckSpans)) AS CheckTo,
      ${settled.length === 0 ? sql`toInt64(0)` : sql`toInt64(greatest(0, ${join(settled, ', ')}))`} AS CheckSettled,
      ${judged} AS CheckJudged,
      ${violations} AS CheckViolations`;
}
