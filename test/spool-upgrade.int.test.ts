import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDriver } from '../store/src/embedded-driver.ts';
import { sql } from '../store/src/sql.ts';
import { startChildPaylens } from './support/child-paylens.ts';
import { freePort } from './support/free-port.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'paylens-spool-upgrade-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A record as paylens wrote them before array rows: JSON objects, table code 1 (spans), 2 (logs). */
function oldRecord(code: number, lines: object[]): Buffer {
  const payload = Buffer.from(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  const header = Buffer.alloc(13);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  header.writeUInt8(code, 8);
  header.writeUInt32LE(lines.length, 9);
  return Buffer.concat([header, payload]);
}

describe('spool written by an older paylens', () => {
  it('ships its object rows after an upgrade, spans and logs, each once', async () => {
    const traceId = 'e'.repeat(32);
    const startNs = BigInt(Date.now()) * 1_000_000n;
    const spans = [1, 2, 3].map((i) => ({
      Timestamp: (startNs + BigInt(i)).toString(),
      TraceId: traceId,
      SpanId: String(i).repeat(16),
      SpanName: `old-${i}`,
      ServiceName: 'upgrade-svc',
      SpanAttributes: { 'payment.order_id': 'o-upgrade' },
      Duration: String(1000 * i),
    }));
    const log = { Timestamp: startNs.toString(), TraceId: traceId, ServiceName: 'upgrade-svc', Body: 'kept' };
    const spoolDir = join(dataDir, 'spool');
    mkdirSync(spoolDir, { recursive: true });
    // Left open by a crash of the old version, as an upgrade finds it.
    writeFileSync(
      join(spoolDir, '000000000007-0ld0b007.open'),
      Buffer.concat([oldRecord(1, spans), oldRecord(2, [log])]),
    );

    const env = { PAYLENS_DATA_DIR: dataDir, PAYLENS_OTLP_PORT: String(await freePort()) };
    const paylens = await startChildPaylens('collector', env);
    paylens.process.kill('SIGTERM');
    expect(await paylens.exited).toBe(0);

    const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
    try {
      const stored = await driver.query<{ SpanName: string; d: string }>(
        sql`SELECT SpanName, toString(Duration) AS d FROM otel_traces WHERE TraceId = ${traceId} ORDER BY SpanName`,
      );
      expect(stored).toEqual(spans.map((span) => ({ SpanName: span.SpanName, d: span.Duration })));
      const logs = await driver.query<{ Body: string }>(
        sql`SELECT Body FROM otel_logs WHERE TraceId = ${traceId}`,
      );
      expect(logs).toEqual([{ Body: 'kept' }]);
    } finally {
      await driver.close();
    }
  });
});
