import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, DROPPED_ATTRIBUTES_KEY } from '../collector/src/otlp/index.ts';
import { sql } from '../store/src/sql.ts';
import { newTraceId, postJson, spanIdOf, tracesRequest } from './support/otlp-json.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

// Every bad request gets the right status and a message naming the problem, and valid data sent
// before and after it is stored.
let paylens: TestPaylens;
const sentTraceIds: string[] = [];
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

beforeAll(async () => {
  paylens = await startTestPaylens({
    env: {
      PAYLENS_MAX_BODY_BYTES: String(12 * 1024 * 1024),
      PAYLENS_MAX_DECOMPRESSED_BYTES: String(32 * 1024 * 1024),
    },
  });
});
afterAll(async () => {
  await paylens.dispose();
});

async function sendValid(): Promise<void> {
  const traceId = newTraceId();
  const response = await postJson(
    `${paylens.otlpUrl}/v1/traces`,
    tracesRequest('valid-svc', [{ traceId, spanId: spanIdOf(1), startNs: NOW_NS, durationNs: 1000n }]),
  );
  expect(response.status).toBe(200);
  sentTraceIds.push(traceId);
}

async function post(body: Buffer | string, headers: Record<string, string>, path = '/v1/traces') {
  const response = await fetch(`${paylens.otlpUrl}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
}

describe('bad input', () => {
  beforeAll(sendValid);

  it('answers 400 naming the problem for garbage protobuf', async () => {
    const { status, text } = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x7f, 0x01]), {
      'Content-Type': 'application/x-protobuf',
    });
    expect(status).toBe(400);
    expect(text.length).toBeGreaterThan(10);
    await sendValid();
  });

  it('answers 400 for invalid JSON', async () => {
    const { status, text } = await post('{"resourceSpans": [', { 'Content-Type': 'application/json' });
    expect(status).toBe(400);
    expect(JSON.parse(text).message).toMatch(/JSON/i);
    await sendValid();
  });

  it('answers 415 naming the content type for other types', async () => {
    const { status, text } = await post('hello', { 'Content-Type': 'text/csv' });
    expect(status).toBe(415);
    expect(JSON.parse(text).message).toContain('text/csv');
    await sendValid();
  });

  it('rejects a span whose trace id has the wrong length, keeping its valid neighbours', async () => {
    const goodTraceId = newTraceId();
    const request = tracesRequest('mixed-svc', [
      { traceId: 'abc123', spanId: spanIdOf(1), startNs: NOW_NS, durationNs: 10n },
      { traceId: goodTraceId, spanId: spanIdOf(2), startNs: NOW_NS, durationNs: 10n },
    ]);
    const response = await postJson(`${paylens.otlpUrl}/v1/traces`, request);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      partialSuccess: { rejectedSpans: number | string; errorMessage: string };
    };
    expect(Number(body.partialSuccess.rejectedSpans)).toBe(1);
    expect(body.partialSuccess.errorMessage).toMatch(/trace.?id/i);
    sentTraceIds.push(goodTraceId);
  });

  it.each([
    ['0', 0n],
    ['in year 2500', BigInt(Date.UTC(2500, 0, 1)) * 1_000_000n],
  ])('rejects a span with start time %s', async (_label, startNs) => {
    const response = await postJson(
      `${paylens.otlpUrl}/v1/traces`,
      tracesRequest('time-svc', [{ traceId: newTraceId(), spanId: spanIdOf(1), startNs, durationNs: 10n }]),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      partialSuccess: { rejectedSpans: number | string; errorMessage: string };
    };
    expect(Number(body.partialSuccess.rejectedSpans)).toBe(1);
    expect(body.partialSuccess.errorMessage).toMatch(/time/i);
    await sendValid();
  });

  it('stops a gzip bomb at the decompressed limit with 413, without a memory spike', async () => {
    const bomb = gzipSync(Buffer.alloc(512 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(4 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const { status, text } = await post(bomb, {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    const grown = process.memoryUsage().rss - before;
    expect(status).toBe(413);
    expect(JSON.parse(text).message).toMatch(/decompressed/);
    expect(grown).toBeLessThan(200 * 1024 * 1024);
    await sendValid();
  });

  it('answers 413 for a body over the wire limit', async () => {
    const { status } = await post(Buffer.alloc(13 * 1024 * 1024, 0x20), {
      'Content-Type': 'application/json',
    });
    expect(status).toBe(413);
    await sendValid();
  });

  it('keeps a span with 100k attributes, truncated to the documented limit', async () => {
    const traceId = newTraceId();
    const attributes = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`attr.${i}`, `v${i}`]));
    const response = await postJson(
      `${paylens.otlpUrl}/v1/traces`,
      tracesRequest('wide-svc', [
        { traceId, spanId: spanIdOf(1), startNs: NOW_NS, durationNs: 10n, attributes },
      ]),
    );
    expect(response.status).toBe(200);
    await paylens.collector!.drain();
    const [row] = await paylens.driver.query<{ n: number; dropped: string }>(
      sql`SELECT length(SpanAttributes) AS n, SpanAttributes[${DROPPED_ATTRIBUTES_KEY}] AS dropped
          FROM otel_traces WHERE TraceId = ${traceId}`,
    );
    // The documented limit is kept, plus one attribute counting what was dropped.
    expect(row).toEqual({
      n: DEFAULT_LIMITS.maxAttributes + 1,
      dropped: String(100_000 - DEFAULT_LIMITS.maxAttributes),
    });
    sentTraceIds.push(traceId);
  });

  it('replaces invalid UTF-8 with U+FFFD instead of refusing the span', async () => {
    const traceId = newTraceId();
    const json = JSON.stringify(
      tracesRequest('utf8-svc', [
        { traceId, spanId: spanIdOf(1), startNs: NOW_NS, durationNs: 10n, name: 'pay-MARK' },
      ]),
    );
    const [head, tail] = json.split('MARK') as [string, string];
    const body = Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(tail)]);
    const { status } = await post(body, { 'Content-Type': 'application/json' });
    expect(status).toBe(200);
    await paylens.collector!.drain();
    const [row] = await paylens.driver.query<{ SpanName: string }>(
      sql`SELECT SpanName FROM otel_traces WHERE TraceId = ${traceId}`,
    );
    expect(row?.SpanName.startsWith('pay-\uFFFD')).toBe(true);
    sentTraceIds.push(traceId);
  });

  it('stored every valid span sent around the bad requests', async () => {
    await sendValid();
    await paylens.collector!.drain();
    const rows = await paylens.driver.query<{ TraceId: string }>(
      sql`SELECT DISTINCT TraceId FROM otel_traces WHERE TraceId IN ${sentTraceIds}`,
    );
    expect(rows.map((r) => r.TraceId).sort()).toEqual([...sentTraceIds].sort());
  });
});
