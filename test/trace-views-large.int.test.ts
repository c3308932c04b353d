import { sql, typed } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW_MS, T0 } from '../server/test/traces/fixture.ts';
import { startTraceApp, type TraceApp } from '../server/test/traces/trace-app.ts';

const TRACE = 'f00df00df00df00df00df00df00df00d';
const SPANS = 100_000;

interface Page {
  totalSpans: number;
  truncated: boolean;
  offset: number;
  limit: number;
  spans: {
    spanId: string;
    parentSpanId: string;
    depth: number;
    startOffsetMs: number;
    onCriticalPath: boolean;
  }[];
  criticalPath: unknown[];
}

let app: TraceApp;

/** Span n (1-based id n + 1) is a child of span ⌊(n − 1) / 10⌋: a 10-ary tree, 6 levels deep. */
beforeAll(async () => {
  app = await startTraceApp(NOW_MS);
  await app.driver.command(sql`
    INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode)
    SELECT fromUnixTimestamp64Nano(${typed('Int64', T0.toString())} + number * 1000), ${TRACE},
      leftPad(lower(hex(number + 1)), 16, '0'),
      if(number = 0, '', leftPad(lower(hex(intDiv(number - 1, 10) + 1)), 16, '0')),
      'work', 'Internal', 'big-svc', 1000000000 - number * 1000, 'Unset'
    FROM numbers(${SPANS})`);
});

afterAll(async () => {
  await app?.close();
});

const spanId = (n: number) => (n + 1).toString(16).padStart(16, '0');

describe('a 100,000-span trace', () => {
  it('answers with the first page, the total and a truncation flag', async () => {
    const started = performance.now();
    const { status, body } = await app.get(`/api/v1/traces/${TRACE}`);
    const elapsedMs = performance.now() - started;
    expect(status).toBe(200);
    const page = body as Page;
    expect(page.totalSpans).toBe(SPANS);
    expect(page.truncated).toBe(true);
    expect([page.offset, page.limit]).toEqual([0, 20_000]);
    expect(page.spans).toHaveLength(20_000);
    // Depth-first: root, its first child (n=1), that child's first child (n=11), then n=111, 1111, 11111.
    expect(page.spans.slice(0, 6).map((s) => [s.spanId, s.depth])).toEqual(
      [0, 1, 11, 111, 1111, 11111].map((n, depth) => [spanId(n), depth]),
    );
    expect(page.spans[0]?.onCriticalPath).toBe(true);
    expect(elapsedMs).toBeLessThan(20_000);
  });

  it('pages to the end', async () => {
    const { status, body } = await app.get(`/api/v1/traces/${TRACE}?offset=99990&limit=50`);
    expect(status).toBe(200);
    const page = body as Page;
    expect(page.spans).toHaveLength(10);
    expect(page.totalSpans).toBe(SPANS);
    expect(page.truncated).toBe(true);
    // The last row depth-first follows the last child at every level: 0 → 10 → 110 → 1110 → 11110
    // (span 111110 would be past the end).
    expect(page.spans.at(-1)?.spanId).toBe(spanId(11_110));
    expect(page.spans.at(-1)?.depth).toBe(4);
  });
});
