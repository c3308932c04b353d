import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseDriver, InsertRequest } from '@paylens/store';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_INSERT_INTERVAL_MS, Shipper } from '../src/shipper.ts';
import type { SpoolRecord } from '../src/spool/record-format.ts';
import { type SealedSegment, Spool } from '../src/spool/spool.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = (text: string): SpoolRecord => ({
  table: 'otel_traces',
  layout: 'columns',
  rows: 1,
  payload: Buffer.from(`${text}\n`),
});

/** An insert that resolves when the test says so, recording what happened in order. */
function gatedDriver(events: string[], startedAt: number[] = []) {
  const gates: (() => void)[] = [];
  const driver = {
    kind: 'embedded',
    insert: (request: InsertRequest) => {
      startedAt.push(Date.now());
      events.push(`insert ${request.body.toString().trim().replaceAll('\n', ' ')}`);
      return new Promise<void>((resolve) => gates.push(resolve));
    },
  } as unknown as ClickHouseDriver;
  return { driver, gates };
}

/** A started shipper over a spool whose segments neither fill nor age during a test. */
async function runningShipper() {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-shipper-'));
  dirs.push(dir);
  const spool = await Spool.open({
    dir,
    maxBytes: 1 << 20,
    segmentMaxBytes: 1 << 20,
    segmentMaxAgeMs: 600_000,
  });
  const events: string[] = [];
  const startedAt: number[] = [];
  const { driver, gates } = gatedDriver(events, startedAt);
  const shipper = new Shipper(spool, driver, pino({ level: 'silent' }));
  shipper.start();
  return { spool, events, startedAt, gates, shipper };
}

describe('shipper', () => {
  it('reads the next sealed segment while the one before is being inserted, and ships both in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paylens-shipper-'));
    dirs.push(dir);
    const spool = await Spool.open({ dir, maxBytes: 1 << 20, segmentMaxBytes: 1, segmentMaxAgeMs: 60_000 });
    await spool.append([record('["first"]')]);
    await spool.append([record('["second"]')]);
    await spool.sealNow();
    expect(spool.sealedSegments).toHaveLength(2);
    const events: string[] = [];
    const records = spool.records.bind(spool);
    spool.records = async (segment: SealedSegment) => {
      events.push(`read ${spool.sealedSegments.indexOf(segment)}`);
      return records(segment);
    };
    const { driver, gates } = gatedDriver(events);
    const shipper = new Shipper(spool, driver, pino({ level: 'silent' }));
    shipper.start();
    await expect.poll(() => gates.length).toBe(1);
    // The second segment is read before the first insert has finished.
    await expect.poll(() => events).toEqual(['read 0', 'read 1', 'insert ["first"]']);
    gates[0]!();
    await expect.poll(() => gates.length).toBe(2);
    expect(events).toEqual(['read 0', 'read 1', 'insert ["first"]', 'insert ["second"]']);
    gates[1]!();
    await shipper.stop();
    expect(spool.sealedSegments).toHaveLength(0);
  });

  it('inserts what arrives at once when idle, without waiting for the segment to fill or age', async () => {
    const { spool, events, gates, shipper } = await runningShipper();
    await spool.append([record('["alone"]')]);
    await expect.poll(() => events).toEqual(['insert ["alone"]']);
    gates[0]!();
    await expect.poll(() => spool.sealedSegments.length).toBe(0);
    await spool.close();
    await shipper.stop();
  });

  it('gathers rows arriving during an insert into the next one, started at least the interval later', async () => {
    const { spool, events, startedAt, gates, shipper } = await runningShipper();
    await spool.append([record('["a"]')]);
    await expect.poll(() => gates.length).toBe(1);
    await spool.append([record('["b"]')]);
    await spool.append([record('["c"]')]);
    gates[0]!();
    await expect.poll(() => gates.length).toBe(2);
    expect(events).toEqual(['insert ["a"]', 'insert ["b"] ["c"]']);
    expect(startedAt[1]! - startedAt[0]!).toBeGreaterThanOrEqual(MIN_INSERT_INTERVAL_MS);
    gates[1]!();
    await expect.poll(() => spool.sealedSegments.length).toBe(0);
    await spool.close();
    await shipper.stop();
  });

  it('reads a segment sealed during an insert before that insert ends', async () => {
    const { spool, events, gates, shipper } = await runningShipper();
    const records = spool.records.bind(spool);
    spool.records = async (segment: SealedSegment) => {
      events.push(`read ${spool.sealedSegments.indexOf(segment)}`);
      return records(segment);
    };
    await spool.append([record('["a"]')]);
    await expect.poll(() => gates.length).toBe(1);
    await spool.append([record('["b"]')]);
    await spool.sealNow();
    await expect.poll(() => events).toEqual(['read 0', 'insert ["a"]', 'read 1']);
    gates[0]!();
    await expect.poll(() => gates.length).toBe(2);
    expect(events).toEqual(['read 0', 'insert ["a"]', 'read 1', 'insert ["b"]']);
    gates[1]!();
    await expect.poll(() => spool.sealedSegments.length).toBe(0);
    await spool.close();
    await shipper.stop();
  });
});
