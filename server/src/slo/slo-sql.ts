import { join, type SqlFragment, sql, typed } from '@paylens/store';
import type { LinkSpanColumn } from '../analytics/link-spans-source.ts';
import { linkSpansSource } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import type { LinkDefinition } from '../link/definition.ts';
import type { MsRange } from './count-plan.ts';
import { latencyBoundNs, type StepSlo, stepSlos } from './slo-steps.ts';

const NO_BOUND = '18446744073709551615';
const nsOf = (ms: number) => (BigInt(ms) * 1_000_000n).toString();
const at = (ms: number) => sql`fromUnixTimestamp64Nano(${typed('Int64', nsOf(ms))})`;

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

/**
 * Rows of (Step, T, R, Total, Good): the rollup's minutes within `rollup` (R = 1, T the minute)
 * and every link span within `spans` (R = 0, T its start, Total 1, Good 0 or 1), for `steps`.
 */
export function countRowsSql(
  link: LinkDefinition,
  coverage: LinkSpansCoverage | undefined,
  steps: readonly string[],
  rollup: MsRange | undefined,
  spans: readonly MsRange[],
): SqlFragment {
  const slos = stepSlos(link);
  const parts: SqlFragment[] = [];
  if (rollup)
    parts.push(sql`SELECT Step, toDateTime64(Minute, 9) AS T, toUInt8(1) AS R, CAST(Total AS UInt64) AS Total,
      CAST(Good AS UInt64) AS Good
    FROM paylens_slo_minutes
    WHERE Step IN ${[...steps]} AND Minute >= toDateTime(${typed('Int64', rollup.fromMs / 1000)})
      AND Minute < toDateTime(${typed('Int64', rollup.toMs / 1000)})`);
  if (spans.length > 0) {
    const ranges = spans.map((range) => ({
      fromNs: BigInt(nsOf(range.fromMs)),
      toNs: BigInt(nsOf(range.toMs)),
    }));
    parts.push(sql`SELECT Step, Timestamp AS T, toUInt8(0) AS R, toUInt64(1) AS Total, toUInt64(${goodSql(slos)}) AS Good
    FROM ${linkSpansSource(link, coverage, ranges, sql`Step IN ${[...steps]}`, SPAN_COLUMNS)}`);
  }
  if (parts.length === 0)
    return sql`(SELECT '' AS Step, now64(9) AS T, toUInt8(0) AS R, toUInt64(0) AS Total, toUInt64(0) AS Good WHERE 0)`;
  return sql`(${join(parts, ' UNION ALL ')})`;
}

/** A row of count rows is in a window: a rollup minute at or after its rollup start, or a span in one of its ranges. */
export function inWindowSql(rollupFromMs: number | undefined, spans: readonly MsRange[]): SqlFragment {
  const conditions: SqlFragment[] = [];
  if (rollupFromMs !== undefined) conditions.push(sql`(R = 1 AND T >= ${at(rollupFromMs)})`);
  for (const range of spans)
    conditions.push(sql`(R = 0 AND T >= ${at(range.fromMs)} AND T < ${at(range.toMs)})`);
  return conditions.length === 0 ? sql`0` : sql`(${join(conditions, ' OR ')})`;
}

/** Per step, arrays of total and good counts, one element per window condition. */
export function windowCountsSql(rows: SqlFragment, windows: readonly SqlFragment[]): SqlFragment {
  const totals = join(
    windows.map((condition) => sql`sumIf(Total, ${condition})`),
    ', ',
  );
  const goods = join(
    windows.map((condition) => sql`sumIf(Good, ${condition})`),
    ', ',
  );
  return sql`SELECT Step, [${totals}] AS totals, [${goods}] AS goods FROM ${rows} GROUP BY Step`;
}

/** Counts of one step per cell of `cellMs` (cell start in epoch ms). */
export function cellCountsSql(rows: SqlFragment, cellMs: number): SqlFragment {
  const cell = typed('Int64', cellMs);
  return sql`SELECT intDiv(toUnixTimestamp64Milli(T), ${cell}) * ${cell} AS cell,
    sum(Total) AS total, sum(Good) AS good
    FROM ${rows} GROUP BY cell`;
}
