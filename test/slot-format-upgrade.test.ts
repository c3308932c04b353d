import { describe, expect, it } from 'vitest';
import { ALL_SLOTS, nextUpgradeChunk } from '../server/src/journeys/slot-format-upgrade.ts';

// The slot format's upgrade walks down from the newest slot to the first, a chunk at a time.
// Slots are ten minutes (600 s); the journeys' first slot here is 6000 (the 10th).

describe('nextUpgradeChunk', () => {
  it('takes the chunk below where the upgrade stands, oldest first', () => {
    expect(nextUpgradeChunk(12_000, 6_000, 3)).toEqual({ slots: [10_200, 10_800, 11_400], fromSec: 10_200 });
  });

  it('stops at the first slot, and then every slot is done', () => {
    expect(nextUpgradeChunk(7_200, 6_000, 3)).toEqual({ slots: [6_000, 6_600], fromSec: ALL_SLOTS });
    expect(nextUpgradeChunk(7_800, 6_000, 3)).toEqual({ slots: [6_000, 6_600, 7_200], fromSec: ALL_SLOTS });
  });

  it('has nothing left once it reached the first slot', () => {
    expect(nextUpgradeChunk(6_000, 6_000, 3)).toEqual({ slots: [], fromSec: ALL_SLOTS });
  });

  it('goes an hour at a time by default', () => {
    expect(nextUpgradeChunk(36_000, 0).slots).toEqual([32_400, 33_000, 33_600, 34_200, 34_800, 35_400]);
  });
});
