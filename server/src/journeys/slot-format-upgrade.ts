import { type ClickHouseDriver, sql, typed } from '@paylens/store';
import { SLOT_SECONDS } from './funnel-slots-sql.ts';

/**
 * The funnel rollup's slots in the current format (funnel-slots-sql.ts SLOT_FORMAT) are complete
 * from an instant on: every slot at or after it was computed in this format. A store whose journeys
 * were built before the format existed holds slots of the older one only; the builder recomputes
 * them from the stored journeys, newest first (recent ranges are asked most), a chunk at a time,
 * and records how far down it got in paylens_journey_builds under the slots' LinkVersion. 0 means
 * every slot; no record, none yet. Readers take the rollup for ranges whose whole slots are all
 * at or after that instant, and count journeys exactly otherwise.
 */

/** Slots recomputed per upgrade step: an hour of journeys, so a read waiting for it waits little. */
export const UPGRADE_CHUNK_SLOTS = 6;

/** Every slot is in the current format. */
export const ALL_SLOTS = 0;

/**
 * The next chunk of an upgrade that has reached `fromSec` (every slot at or after it done), over
 * journeys whose first slot is `firstSlotSec`: the slots to recompute, oldest first, and where the
 * upgrade stands after them (ALL_SLOTS once it reached the first slot).
 */
export function nextUpgradeChunk(
  fromSec: number,
  firstSlotSec: number,
  chunkSlots = UPGRADE_CHUNK_SLOTS,
): { slots: number[]; fromSec: number } {
  const lowest = Math.max(firstSlotSec, fromSec - chunkSlots * SLOT_SECONDS);
  const slots: number[] = [];
  for (let slot = lowest; slot < fromSec; slot += SLOT_SECONDS) slots.push(slot);
  return { slots, fromSec: lowest <= firstSlotSec ? ALL_SLOTS : lowest };
}

/** Where the upgrade of these slots (their LinkVersion) stands: epoch seconds, undefined if never started. */
export async function readSlotsFrom(
  driver: ClickHouseDriver,
  slotsVersion: string,
): Promise<number | undefined> {
  const [row] = await driver.query<{ sec: number | string }>(sql`
    SELECT toUnixTimestamp(argMax(Watermark, UpdatedAt)) AS sec
    FROM paylens_journey_builds WHERE LinkVersion = ${slotsVersion} GROUP BY LinkVersion`);
  return row ? Number(row.sec) : undefined;
}

export async function writeSlotsFrom(
  driver: ClickHouseDriver,
  slotsVersion: string,
  fromSec: number,
): Promise<void> {
  // INSERT … SELECT: the builder's one-thread setting follows the statement (it cannot follow VALUES).
  await driver.command(sql`
    INSERT INTO paylens_journey_builds (LinkVersion, Watermark)
    SELECT ${slotsVersion}, toDateTime64(${typed('Int64', String(fromSec))}, 6)`);
}
