import { describe, expect, it } from 'vitest';
import { nextBuildDelayMs } from '../../src/journeys/journey-store.ts';

describe('nextBuildDelayMs', () => {
  it('goes on at once through a backlog while ingest is quiet, else waits for the next beat', () => {
    expect(nextBuildDelayMs({ done: false, ranMs: 900, intervalMs: 1000, ingestBusy: false })).toBe(0);
    expect(nextBuildDelayMs({ done: true, ranMs: 30, intervalMs: 1000, ingestBusy: false })).toBe(1000);
  });

  it('rests three times its run while ingest is busy: at most a quarter of the time building', () => {
    expect(nextBuildDelayMs({ done: false, ranMs: 1000, intervalMs: 1000, ingestBusy: true })).toBe(3000);
    expect(nextBuildDelayMs({ done: true, ranMs: 600, intervalMs: 1000, ingestBusy: true })).toBe(1800);
    // A short run still waits a beat.
    expect(nextBuildDelayMs({ done: false, ranMs: 50, intervalMs: 1000, ingestBusy: true })).toBe(1000);
  });
});
