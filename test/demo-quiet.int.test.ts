import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleepUntil } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDriver } from '../store/src/embedded-driver.ts';
import { sql } from '../store/src/sql.ts';
import { type ChildLogEntry, startChildPaylens } from './support/child-paylens.ts';
import { freePort } from './support/free-port.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'paylens-demo-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const WATCH_MS = 30_000;

describe('paylens all --demo', () => {
  it(
    'logs no warning or error over its first 30 s (its own traffic included), and stops cleanly',
    async () => {
      const entries: ChildLogEntry[] = [];
      const startedMs = Date.now();
      const demo = await startChildPaylens(
        'all',
        {
          PAYLENS_DATA_DIR: dataDir,
          PAYLENS_PORT: String(await freePort()),
          PAYLENS_OTLP_PORT: String(await freePort()),
        },
        { args: ['--demo'], onEntry: (entry) => entries.push(entry) },
      );
      // The point of the test is the time span: backfill, then steady traffic, all of it quiet.
      await sleepUntil(startedMs + WATCH_MS - Date.now());
      const watched = [...entries];
      demo.process.kill('SIGTERM');
      expect(await demo.exited).toBe(0);

      expect(watched.filter((entry) => entry.level >= 40)).toEqual([]);
      expect(watched.map((entry) => entry.msg)).toContain('demo simulator sending payment traffic');
      // And the traffic arrived: the quiet is not that of a simulator sending nothing.
      const traces = await tracesStored(dataDir);
      expect(traces).toBeGreaterThan(100);
    },
    WATCH_MS + 60_000,
  );
});

/** Traces in the stopped demo's store (the process has let go of the data directory). */
async function tracesStored(dir: string): Promise<number> {
  const driver = new EmbeddedDriver(join(dir, 'clickhouse'));
  try {
    const [row] = await driver.query<{ traces: string }>(
      sql`SELECT uniqExact(TraceId) AS traces FROM otel_traces`,
    );
    return Number(row?.traces ?? 0);
  } finally {
    await driver.close();
  }
}
