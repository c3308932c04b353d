import { join, type SqlFragment, sql, typed } from '@paylens/store';
import type { LinkSpanColumn } from '../analytics/link-spans-source.ts';
import { linkSpansSource } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import type { LinkDefinition } from '../link/definition.ts';
import type { CountPlan, MsRange, RangeSplit } from './count-plan.ts';
import { latencyBoundNs, type StepSlo, stepSlos } from './slo-steps.ts';

const NO_BOUND = '18446744073709551615';
const nsOf = (ms: number) => (BigInt(ms) * 1_000_000n).toString();
const instant = (ms: number) => sql`fromUnixTimestamp64Nano(${typed('Int64', nsOf(ms))})`;
const minute = (ms: number) => sql`toDateTime(${typed('Int64', ms / 1000)})`;

/**
 * Whether a link span is good for its step's SLO: neither error nor timeout and, when the SLO has
 * latencyMs, lasting at most that. Over link span columns: the minute rollup's view and the span
 * by span readers use this one expression.
 */
export function goodSql(slos: readonly StepSlo[]): SqlFragment {
  const bounds = slos.map((slo) => latencyBoundNs(slo.latencyMs)?.toString() ?? NO_BOUND);
  // 64-bit bounds travel as decimal strings (they exceed 2^53).
  return sql`(Error = 0 AND Timeout = 0 AND Duration <= transform(Step, ${slos.map((slo) => slo.step)},
    arrayMap(b -> toUInt64(b), ${bounds}), toUInt64(${NO_BOUND})))`;
}

const SPAN_COLUMNS: readonly LinkSpanColumn[] = ['Timestamp', 'Step', 'Duration', 'Error', 'Timeout'];

/** The SLO minutes of `steps` in `rollup` (whole minutes). */
function minutesIn(steps: readonly string[], rollup: MsRange): SqlFragment {
  return sql`paylens_slo_minutes WHERE Step IN ${[...steps]} AND Minute >= ${minute(rollup.fromMs)} AND Minute < ${minute(rollup.toMs)}`;
}

/** The link spans of `steps` in `spans`, with a `good` column. */
function spansIn(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  steps: readonly string[],
  spans: readonly MsRange[],
): SqlFragment {
  const ranges = spans.map((range) => ({
    fromNs: BigInt(nsOf(range.fromMs)),
    toNs: BigInt(nsOf(range.toMs)),
  }));
  return sql`(SELECT Step, Timestamp, ${goodSql(stepSlos(link))} AS good
    FROM ${linkSpansSource(link, coverage, ranges, sql`Step IN ${[...steps]}`, SPAN_COLUMNS)})`;
}

const inRanges = (ranges: readonly MsRange[]) =>
  ranges.length === 0
    ? sql`0`
    : sql`(${join(
        ranges.map(
          (range) => sql`(Timestamp >= ${instant(range.fromMs)} AND Timestamp < ${instant(range.toMs)})`,
        ),
        ' OR ',
      )})`;

/**
 * Per step, arrays `totals` and `goods` with one element per window of the plan: the rollup's
 * minutes and the link spans are each summed per window on their own (a union of raw rows would
 * make every row carry both kinds of conditions), then added.
 */
export function windowCountsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  steps: readonly string[],
  plan: CountPlan,
): SqlFragment {
  const parts: SqlFragment[] = [];
  if (plan.rollup) {
    const since = plan.windows.map((window) =>
      window.rollup ? sql`Minute >= ${minute(window.rollup.fromMs)}` : sql`0`,
    );
    parts.push(sql`SELECT Step, [${join(
      since.map((condition) => sql`sumIf(Total, ${condition})`),
      ', ',
    )}] AS totals, [${join(
      since.map((condition) => sql`sumIf(Good, ${condition})`),
      ', ',
    )}] AS goods
    FROM ${minutesIn(steps, plan.rollup)} GROUP BY Step`);
  }
  if (plan.spans.length > 0) {
    const conditions = plan.windows.map((window) => inRanges(window.spans));
    parts.push(sql`SELECT Step, [${join(
      conditions.map((condition) => sql`toUInt64(countIf(${condition}))`),
      ', ',
    )}] AS totals, [${join(
      conditions.map((condition) => sql`toUInt64(countIf(${condition} AND good))`),
      ', ',
    )}] AS goods
    FROM ${spansIn(link, coverage, steps, plan.spans)} GROUP BY Step`);
  }
  if (parts.length === 0)
    return sql`SELECT '' AS Step, emptyArrayUInt64() AS totals, emptyArrayUInt64() AS goods WHERE 0`;
  return sql`SELECT Step, sumForEach(totals) AS totals, sumForEach(goods) AS goods
    FROM (${join(parts, ' UNION ALL ')}) GROUP BY Step`;
}

/** One step's total and good counts per cell of `cellMs` (cell start in epoch ms) over a split range. */
export function cellCountsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  step: string,
  split: RangeSplit,
  cellMs: number,
): SqlFragment {
  const cell = typed('Int64', cellMs);
  const parts: SqlFragment[] = [];
  if (split.rollup)
    parts.push(sql`SELECT intDiv(toUnixTimestamp(Minute) * 1000, ${cell}) * ${cell} AS cell,
      sum(Total) AS total, sum(Good) AS good
    FROM ${minutesIn([step], split.rollup)} GROUP BY cell`);
  if (split.spans.length > 0)
    parts.push(sql`SELECT intDiv(toUnixTimestamp64Milli(Timestamp), ${cell}) * ${cell} AS cell,
      toUInt64(count()) AS total, toUInt64(countIf(good)) AS good
    FROM ${spansIn(link, coverage, [step], split.spans)} GROUP BY cell`);
  if (parts.length === 0)
    return sql`SELECT toInt64(0) AS cell, toUInt64(0) AS total, toUInt64(0) AS good WHERE 0`;
  return sql`SELECT cell, sum(total) AS total, sum(good) AS good FROM (${join(parts, ' UNION ALL ')}) GROUP BY cell`;
}
