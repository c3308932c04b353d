import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseHttpEndpoint } from './clickhouse-http/endpoint.ts';
import { newTraceId, postJson, spanIdOf, tracesRequest } from './support/otlp-json.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

// paylens on the server driver; the ClickHouse endpoint goes away during ingest and comes back.
const endpoint = new ClickHouseHttpEndpoint();
let paylens: TestPaylens;

beforeAll(async () => {
  await endpoint.up();
  paylens = await startTestPaylens({ mode: 'collector', env: { CLICKHOUSE_URL: endpoint.url } });
});
afterAll(async () => {
  await paylens.dispose();
  await endpoint.close();
});

const START_NS = BigInt(Date.now()) * 1_000_000n;

async function sendBatch(label: string): Promise<string> {
  const traceId = newTraceId();
  const spans = Array.from({ length: 25 }, (_, i) => ({
    traceId,
    spanId: spanIdOf(i),
    name: label,
    startNs: START_NS + BigInt(i),
    durationNs: 5000n,
  }));
  const response = await postJson(`${paylens.otlpUrl}/v1/traces`, tracesRequest('outage-svc', spans));
  expect(response.status).toBe(200);
  return traceId;
}

async function storedCounts(): Promise<Map<string, number>> {
  const text = await endpoint.queryDirect(
    "SELECT TraceId, count() AS n FROM otel_traces WHERE ServiceName = 'outage-svc' GROUP BY TraceId",
  );
  const rows = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { TraceId: string; n: number });
  return new Map(rows.map((row) => [row.TraceId, row.n]));
}

describe('ClickHouse outage', () => {
  it('acknowledges while ClickHouse is down, then stores every span once', async () => {
    const acknowledged: string[] = [];
    for (let i = 0; i < 10; i++) acknowledged.push(await sendBatch('before'));
    await paylens.collector!.drain();

    await endpoint.down();
    for (let i = 0; i < 20; i++) acknowledged.push(await sendBatch('during'));
    await paylens.collector!.spool.sealNow();
    expect(paylens.collector!.spool.diskBytes).toBeGreaterThan(0);

    await endpoint.up();
    for (let i = 0; i < 10; i++) acknowledged.push(await sendBatch('after'));
    await paylens.collector!.drain();

    const counts = await storedCounts();
    expect(acknowledged.filter((id) => counts.get(id) !== 25)).toEqual([]);
    expect(counts.size).toBe(acknowledged.length);
    expect(paylens.collector!.spool.diskBytes).toBe(0);
  });
});
