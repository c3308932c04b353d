import { type ClickHouseDriver, sql, typed, UNSAFE_raw } from '@paylens/store';
import { LADDER_LEVELS, percentileRank, type QuantileLadder } from '../analysis/waterfall/percentile-rank.ts';
import type { PercentileLookup } from '../analysis/waterfall/render-spans.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { stepSql } from '../link/step-sql.ts';

/** "p97 of channel_pay over the last 24 h". */
export const PERCENTILE_WINDOW_MS = 86_400_000;
/** A day's distribution barely moves in a minute; reuse it across trace views. */
const LADDER_TTL_MS = 60_000;

/** Quantile levels are SQL literals: written here in code, never from a request. */
const LEVELS_SQL = UNSAFE_raw(LADDER_LEVELS.join(', '));

/** Every step's duration ladder over the window ending at `nowMs`, in one grouped query. */
export async function readStepLadders(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  nowMs: number,
): Promise<Map<string, QuantileLadder>> {
  const rows = await driver.query<{ step: string; values: number[] }>(sql`
    SELECT step, quantiles(${LEVELS_SQL})(Duration) AS values
    FROM (
      SELECT ${stepSql(link)} AS step, Duration
      FROM otel_traces
      WHERE Timestamp >= fromUnixTimestamp64Milli(${typed('Int64', nowMs - PERCENTILE_WINDOW_MS)})
        AND Timestamp < fromUnixTimestamp64Milli(${typed('Int64', nowMs)})
    )
    WHERE step != ''
    GROUP BY step`);
  return new Map(rows.map((row) => [row.step, { levels: LADDER_LEVELS, valuesNs: row.values }]));
}

/**
 * Caches the ladders for a minute and shares one in-flight query between concurrent requests. A
 * failed query leaves percentiles out (null) rather than failing the trace view.
 */
export function createPercentileSource(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  now: () => number,
  onError: (error: unknown) => void,
): () => Promise<PercentileLookup | undefined> {
  let cached: { atMs: number; ladders: Promise<Map<string, QuantileLadder> | undefined> } | undefined;
  return async () => {
    const nowMs = now();
    if (!cached || nowMs - cached.atMs >= LADDER_TTL_MS || nowMs < cached.atMs) {
      const ladders = readStepLadders(driver, link, nowMs).catch((error: unknown) => {
        onError(error);
        cached = undefined;
        return undefined;
      });
      cached = { atMs: nowMs, ladders };
    }
    const ladders = await cached.ladders;
    if (!ladders) return undefined;
    return (step, durationNs) => {
      const ladder = ladders.get(step);
      return ladder ? percentileRank(durationNs, ladder) : null;
    };
  };
}
