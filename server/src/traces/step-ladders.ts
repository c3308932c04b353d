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
  const rows = await driver.query<{ step: string; values: number[] }>(
    sql`
    SELECT step, quantiles(${LEVELS_SQL})(Duration) AS values
    FROM (
      SELECT ${stepSql(link)} AS step, Duration
      FROM otel_traces
      WHERE Timestamp >= fromUnixTimestamp64Milli(${typed('Int64', nowMs - PERCENTILE_WINDOW_MS)})
        AND Timestamp < fromUnixTimestamp64Milli(${typed('Int64', nowMs)})
    )
    WHERE step != ''
    GROUP BY step`,
    // A busy engine must not hold trace views hostage: give up and leave percentiles out.
    { max_execution_time: 20 },
  );
  return new Map(rows.map((row) => [row.step, { levels: LADDER_LEVELS, valuesNs: row.values }]));
}

/**
 * Keeps the ladders for a minute, then serves the previous ones while one refresh runs (stale while
 * revalidating), so only the very first trace view waits for the 24 h scan. Concurrent requests
 * share one query. A failed query leaves percentiles out (null) rather than failing the view.
 */
export function createPercentileSource(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  now: () => number,
  onError: (error: unknown) => void,
): () => Promise<PercentileLookup | undefined> {
  let fresh: { atMs: number; ladders: Map<string, QuantileLadder> } | undefined;
  let inflight: Promise<Map<string, QuantileLadder> | undefined> | undefined;
  const refresh = (nowMs: number) => {
    inflight ??= readStepLadders(driver, link, nowMs)
      .then(
        (ladders) => {
          fresh = { atMs: nowMs, ladders };
          return ladders;
        },
        (error: unknown) => {
          onError(error);
          return undefined;
        },
      )
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
  return async () => {
    const nowMs = now();
    let ladders = fresh?.ladders;
    if (!fresh || nowMs - fresh.atMs >= LADDER_TTL_MS || nowMs < fresh.atMs) {
      const pending = refresh(nowMs);
      ladders ??= await pending;
    }
    if (!ladders) return undefined;
    const known = ladders;
    return (step, durationNs) => {
      const ladder = known.get(step);
      return ladder ? percentileRank(durationNs, ladder) : null;
    };
  };
}
