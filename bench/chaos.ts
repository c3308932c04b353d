// Chaos: paylens is SIGKILLed every CHAOS_KILL_EVERY_S (20) seconds under load for CHAOS_SECONDS
// (120), restarted on the same data each time; then every acknowledged span is counted in storage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDriver } from '../store/src/embedded-driver.ts';
import { sql } from '../store/src/sql.ts';
import { type ChildPaylens, startChildPaylens } from '../test/support/child-paylens.ts';
import { freePort } from '../test/support/free-port.ts';
import { newTraceId, spanIdOf, tracesRequest } from '../test/support/otlp-json.ts';

const SECONDS = Number(process.env.CHAOS_SECONDS ?? 120);
const KILL_EVERY = Number(process.env.CHAOS_KILL_EVERY_S ?? 20);
const SPANS = 200;

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'paylens-chaos-'));
const env = {
  PAYLENS_DATA_DIR: dir,
  PAYLENS_OTLP_PORT: String(port),
  PAYLENS_LOG_LEVEL: 'warn',
  PAYLENS_INGEST_RATE: '0',
};
let current: ChildPaylens = await startChildPaylens('collector', env);
const acknowledged = new Set<string>();
let sent = 0;
let kills = 0;
const deadline = Date.now() + SECONDS * 1000;
const startNs = BigInt(Date.now()) * 1_000_000n;

const killer = (async () => {
  while (Date.now() + KILL_EVERY * 1000 < deadline) {
    await new Promise((resolve) => setTimeout(resolve, KILL_EVERY * 1000));
    current.process.kill('SIGKILL');
    await current.exited;
    kills++;
    current = await startChildPaylens('collector', env);
  }
})();
const client = async () => {
  while (Date.now() < deadline) {
    const traceId = newTraceId();
    const body = JSON.stringify(
      tracesRequest(
        'chaos-svc',
        Array.from({ length: SPANS }, (_, i) => ({
          traceId,
          spanId: spanIdOf(i),
          startNs: startNs + BigInt(sent++),
          durationNs: 1000n,
        })),
      ),
    );
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      if (response.status === 200) acknowledged.add(traceId);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
};
await Promise.all([killer, ...Array.from({ length: 4 }, client)]);
current.process.kill('SIGTERM');
await current.exited;

const driver = new EmbeddedDriver(join(dir, 'clickhouse'));
const rows = await driver.query<{ TraceId: string; spans: number; distinct: number }>(
  sql`SELECT TraceId, count() AS spans, uniqExact(SpanId) AS distinct FROM otel_traces GROUP BY TraceId`,
);
await driver.close();
rmSync(dir, { recursive: true, force: true });
const stored = new Map(rows.map((row) => [row.TraceId, row]));
const missing = [...acknowledged].filter((id) => stored.get(id)?.distinct !== SPANS).length;
const duplicates = rows.reduce((sum, row) => sum + (row.spans - row.distinct), 0);
console.log(`chaos for ${SECONDS}s, SIGKILL every ${KILL_EVERY}s (${kills} kills)`);
console.table({
  'acknowledged spans sent': acknowledged.size * SPANS,
  'acknowledged spans stored': [...acknowledged].reduce(
    (sum, id) => sum + (stored.get(id)?.distinct ?? 0),
    0,
  ),
  'acknowledged requests missing': missing,
  'duplicate spans': duplicates,
  'unacknowledged requests stored anyway': rows.filter((row) => !acknowledged.has(row.TraceId)).length,
});
process.exit(missing === 0 && duplicates === 0 ? 0 : 1);
