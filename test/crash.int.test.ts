import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDriver } from '../store/src/embedded-driver.ts';
import { sql } from '../store/src/sql.ts';
import { startChildPaylens } from './support/child-paylens.ts';
import { freePort } from './support/free-port.ts';
import { newTraceId, postJson, spanIdOf, tracesRequest } from './support/otlp-json.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'paylens-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const SPANS_PER_REQUEST = 40;
const START_NS = BigInt(Date.now()) * 1_000_000n;

describe('crash safety', () => {
  it('keeps every acknowledged span exactly once across a SIGKILL', async () => {
    const port = await freePort();
    const env = {
      PAYLENS_DATA_DIR: dataDir,
      PAYLENS_OTLP_PORT: String(port),
      PAYLENS_SEGMENT_MAX_AGE_MS: '30',
    };
    const first = await startChildPaylens('collector', env);
    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    let reachedTarget: () => void = () => {};
    const target = new Promise<void>((resolve) => {
      reachedTarget = resolve;
    });

    const client = async (clientId: number) => {
      while (!killed) {
        const traceId = newTraceId();
        const request = tracesRequest(
          'crash-svc',
          Array.from({ length: SPANS_PER_REQUEST }, (_, i) => ({
            traceId,
            spanId: spanIdOf(i),
            name: `op-${clientId}`,
            startNs: START_NS + BigInt(sent++),
            durationNs: 1000n,
          })),
        );
        try {
          const response = await postJson(`${first.otlpUrl}/v1/traces`, request);
          await response.arrayBuffer();
          if (response.status === 200) acknowledged.push(traceId);
          if (acknowledged.length >= 150) reachedTarget();
        } catch {
          // Connection refused or reset once the process is gone: not acknowledged.
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    await target;
    first.process.kill('SIGKILL');
    killed = true;
    await first.exited;
    await Promise.all(clients);

    // Restart on the same data: the spool is replayed, then a clean stop ships the rest.
    const second = await startChildPaylens('collector', env);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
    try {
      const rows = await driver.query<{ TraceId: string; spans: number; distinct: number }>(
        sql`SELECT TraceId, count() AS spans, uniqExact(SpanId) AS distinct FROM otel_traces
            WHERE ServiceName = 'crash-svc' GROUP BY TraceId`,
      );
      const stored = new Map(rows.map((row) => [row.TraceId, row]));
      const missing = acknowledged.filter((traceId) => !stored.has(traceId));
      expect(missing).toEqual([]);
      for (const traceId of acknowledged) {
        expect(stored.get(traceId)).toEqual({
          TraceId: traceId,
          spans: SPANS_PER_REQUEST,
          distinct: SPANS_PER_REQUEST,
        });
      }
      // Requests that were not acknowledged may or may not be stored, but never twice.
      expect(rows.every((row) => row.spans === row.distinct)).toBe(true);
    } finally {
      await driver.close();
    }
  });
});
