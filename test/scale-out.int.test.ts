import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseHttpEndpoint } from './clickhouse-http/endpoint.ts';
import { type ChildPaylens, startChildPaylens } from './support/child-paylens.ts';
import { newTraceId, postJson, spanIdOf, tracesRequest } from './support/otlp-json.ts';

// Scale-out shape: `paylens server` and `paylens collector` as separate processes sharing one
// ClickHouse (here the HTTP-protocol endpoint over chDB); data ingested by one is answered by the other.
const endpoint = new ClickHouseHttpEndpoint();
let server: ChildPaylens;
let collector: ChildPaylens;

beforeAll(async () => {
  await endpoint.up();
  const env = { CLICKHOUSE_URL: endpoint.url, PAYLENS_PORT: '0', PAYLENS_OTLP_PORT: '0' };
  server = await startChildPaylens('server', {
    ...env,
    PAYLENS_DATA_DIR: mkdtempSync(join(tmpdir(), 'paylens-server-')),
  });
  collector = await startChildPaylens('collector', {
    ...env,
    PAYLENS_DATA_DIR: mkdtempSync(join(tmpdir(), 'paylens-collector-')),
  });
}, 120_000);
afterAll(async () => {
  for (const child of [server, collector]) {
    if (child && child.process.exitCode === null) {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  }
  await endpoint.close();
});

const durationsMs = Array.from({ length: 40 }, (_, i) => 20 + ((i * 37) % 97) + i / 8);
/** Nearest-rank quantile, computed here independently of paylens. */
const nearestRank = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1]!;

describe('separate collector and server processes', () => {
  it('answers through the server what was ingested through the collector', async () => {
    const startNs = (BigInt(Date.now()) - 60_000n) * 1_000_000n;
    const traceIds: string[] = [];
    for (const [i, ms] of durationsMs.entries()) {
      const traceId = newTraceId();
      traceIds.push(traceId);
      const request = tracesRequest('order-svc', [
        {
          traceId,
          spanId: spanIdOf(i),
          name: 'POST /orders',
          startNs: startNs + BigInt(i) * 1_000_000n,
          durationNs: BigInt(Math.round(ms * 1_000_000)),
          attributes: { 'payment.order_id': `scale-${i}` },
        },
      ]);
      const response = await postJson(`${collector.otlpUrl}/v1/traces`, request);
      expect(response.status).toBe(200);
    }
    // A clean stop ships everything acknowledged.
    collector.process.kill('SIGTERM');
    expect(await collector.exited).toBe(0);

    const now = Date.now();
    const steps = (await (
      await fetch(`${server.apiUrl}/api/v1/steps?from=${now - 3_600_000}&to=${now}`)
    ).json()) as {
      steps: { step: string; count: number; p50: number; p99: number; max: number }[];
    };
    const createOrder = steps.steps.find((s) => s.step === 'create_order');
    const exactMs = durationsMs.map((ms) => Math.round(ms * 1_000_000) / 1_000_000);
    expect(createOrder?.count).toBe(durationsMs.length);
    expect(createOrder?.p50).toBeCloseTo(nearestRank(exactMs, 0.5), 3);
    expect(createOrder?.p99).toBeCloseTo(nearestRank(exactMs, 0.99), 3);
    expect(createOrder?.max).toBeCloseTo(Math.max(...exactMs), 3);

    const trace = (await (await fetch(`${server.apiUrl}/api/v1/traces/${traceIds[3]}`)).json()) as {
      spans: { name: string; durationMs: number; step: string }[];
    };
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ name: 'POST /orders', step: 'create_order' });
    expect(trace.spans[0]!.durationMs).toBeCloseTo(exactMs[3]!, 6);
  });
});
