import { sql } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureLogs,
  fixtureSpans,
  NOW_MS,
  T0,
  TRACE_A,
  TRACE_B,
  TRACE_C,
  TRACE_D,
} from '../server/test/traces/fixture.ts';
import { startTraceApp, type TraceApp } from '../server/test/traces/trace-app.ts';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: string;
  startOffsetMs: number;
  durationMs: number;
  selfMs: number;
  depth: number;
  step: string | null;
  status: string;
  timeout: boolean;
  statusMessage: string;
  onCriticalPath: boolean;
  attributes: Record<string, string>;
  resource: Record<string, string>;
  events: { name: string; offsetMs: number; attributes: Record<string, string> }[];
  percentile: number | null;
}

interface Waterfall {
  traceId?: string;
  key?: string;
  startTime: string;
  startTimeUnixNano: string;
  durationMs: number;
  totalSpans: number;
  truncated: boolean;
  spans: Span[];
  logs: {
    timestamp: string;
    offsetMs: number;
    severity: string;
    body: string;
    traceId: string;
    spanId: string;
  }[];
  criticalPath: { spanId: string; startOffsetMs: number; endOffsetMs: number }[];
  traceIds?: string[];
}

let app: TraceApp;

beforeAll(async () => {
  app = await startTraceApp(NOW_MS);
  await app.insertSpans(fixtureSpans());
  await app.insertLogs(fixtureLogs());
});

afterAll(async () => {
  await app?.close();
});

describe('GET /api/v1/traces/:traceId', () => {
  it('returns the waterfall with exact nanosecond-derived offsets, durations and self times', async () => {
    const { status, body } = await app.get(`/api/v1/traces/${TRACE_A}`);
    expect(status).toBe(200);
    const trace = body as Waterfall;
    expect(trace.traceId).toBe(TRACE_A);
    expect(trace.startTime).toBe('2024-05-01T12:00:00.000123456Z');
    expect(trace.startTimeUnixNano).toBe(T0.toString());
    expect(trace.durationMs).toBe(125); // the async POST /payments ends after the root
    expect(trace.totalSpans).toBe(5);
    expect(trace.truncated).toBe(false);
    expect(
      trace.spans.map((s) => [s.spanId.slice(-2), s.depth, s.startOffsetMs, s.durationMs, s.selfMs]),
    ).toEqual([
      ['01', 0, 0, 120.0005, 6.000001], // 120.0005 − (1.000001→25 ∪ 30→120.0005)
      ['02', 1, 1.000001, 10, 10],
      ['03', 1, 5, 20, 20],
      ['04', 1, 30, 95, 15],
      ['05', 2, 31, 80, 80],
    ]);
  });

  it('classifies steps, statuses (both spellings), kinds and timeouts', async () => {
    const trace = (await app.get(`/api/v1/traces/${TRACE_A}`)).body as Waterfall;
    expect(trace.spans.map((s) => [s.step, s.status, s.kind, s.timeout])).toEqual([
      [null, 'unset', 'server', false],
      ['create_order', 'unset', 'server', false],
      ['risk_check', 'unset', 'internal', false],
      ['payment_create', 'unset', 'server', false],
      ['channel_pay', 'error', 'client', true],
    ]);
    const channel = trace.spans[4]!;
    expect(channel.statusMessage).toBe('gateway timed out');
    expect(channel.attributes).toEqual({ 'payment.channel': 'alipay', 'error.type': 'timeout' });
    expect(channel.resource).toEqual({ 'service.name': 'payment-svc' });
    expect(channel.events).toEqual([
      { name: 'exception', offsetMs: 111, attributes: { 'exception.type': 'TimeoutError' } },
    ]);
  });

  it('marks the critical path (the async child clipped to its parent)', async () => {
    const trace = (await app.get(`/api/v1/traces/${TRACE_A}`)).body as Waterfall;
    expect(trace.spans.map((s) => [s.spanId.slice(-2), s.onCriticalPath])).toEqual([
      ['01', true],
      ['02', false],
      ['03', true],
      ['04', true],
      ['05', true],
    ]);
    expect(trace.criticalPath.map((s) => [s.spanId.slice(-2), s.startOffsetMs, s.endOffsetMs])).toEqual([
      ['01', 0, 5],
      ['03', 5, 25],
      ['01', 25, 30],
      ['04', 30, 31],
      ['05', 31, 111],
      ['04', 111, 120.0005],
    ]);
  });

  it('interleaves the logs of the trace by time, with offsets', async () => {
    const trace = (await app.get(`/api/v1/traces/${TRACE_A}`)).body as Waterfall;
    expect(
      trace.logs.map((log) => [log.body, log.offsetMs, log.severity, log.spanId, log.timestamp]),
    ).toEqual([
      ['calling alipay', 31.500001, 'INFO', 'a000000000000005', '2024-05-01T12:00:00.031623457Z'],
      ['alipay timed out', 111.000001, 'ERROR', 'a000000000000005', '2024-05-01T12:00:00.111123457Z'],
    ]);
  });

  it("places each span's duration among its step's last 24 h", async () => {
    const trace = (await app.get(`/api/v1/traces/${TRACE_A}`)).body as Waterfall;
    // channel_pay over 24 h: 1…100 ms (trace D) and this 80 ms call: about the 80th percentile.
    const channel = trace.spans[4]!;
    expect(channel.percentile).toBeGreaterThanOrEqual(78);
    expect(channel.percentile).toBeLessThanOrEqual(81);
    expect(trace.spans[0]!.percentile).toBeNull(); // no step, no percentile
  });

  it('pages the rows of a larger trace and says so', async () => {
    const page = (await app.get(`/api/v1/traces/${TRACE_D}?limit=10&offset=20`)).body as Waterfall;
    expect(page.totalSpans).toBe(101);
    expect(page.truncated).toBe(true);
    expect(page.spans).toHaveLength(10);
    // Depth-first by start: the root, then child i at row i; so rows 20…29 are children 20…29.
    expect(page.spans.map((s) => s.spanId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `d0000000000${String(20 + i).padStart(5, '0')}`),
    );
    expect(page.spans.map((s) => [s.depth, s.durationMs])[0]).toEqual([1, 20]);
    expect(page.spans[0]!.startOffsetMs).toBe(1000);
    const whole = (await app.get(`/api/v1/traces/${TRACE_D}`)).body as Waterfall;
    expect(whole.spans).toHaveLength(101);
    expect(whole.truncated).toBe(false);
    // Child i runs 50·i → 51·i ms: children 1…49 apart (1 + … + 49 = 1225 ms), 50…100 touch or
    // overlap into one run 2500 → 5100 (2600 ms): the root's own time is 6000 − 3825.
    expect(whole.spans[0]!.selfMs).toBe(2175);
  });

  it('accepts an upper-case id', async () => {
    const { status, body } = await app.get(`/api/v1/traces/${TRACE_A.toUpperCase()}`);
    expect(status).toBe(200);
    expect((body as Waterfall).traceId).toBe(TRACE_A);
  });

  it('answers 404 for an unknown trace and 400 naming traceId for a malformed one', async () => {
    const missing = await app.get(`/api/v1/traces/${'e'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: 'not_found', message: `trace ${'e'.repeat(32)} not found` },
    });
    for (const bad of ['abc', 'g'.repeat(32), `${TRACE_A}0`, "' OR 1=1 --", '0'.repeat(32)]) {
      const { status, body } = await app.get(`/api/v1/traces/${encodeURIComponent(bad)}`);
      expect(status, bad).toBe(400);
      expect((body as { error: { message: string } }).error.message).toContain("'traceId'");
    }
  });

  it('refuses bad paging parameters, naming them', async () => {
    for (const [query, name] of [
      ['limit=0', 'limit'],
      ['limit=50001', 'limit'],
      ['limit=1e3', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=1;DROP', 'offset'],
    ]) {
      const { status, body } = await app.get(`/api/v1/traces/${TRACE_A}?${query}`);
      expect(status, query).toBe(400);
      expect((body as { error: { message: string } }).error.message).toContain(`'${name}'`);
    }
  });
});

describe('GET /api/v1/journeys/:key', () => {
  it("puts all the journey's traces on one time axis, each span keeping its traceId", async () => {
    const { status, body } = await app.get('/api/v1/journeys/ord-1');
    expect(status).toBe(200);
    const journey = body as Waterfall;
    expect(journey.key).toBe('ord-1');
    expect(journey.traceIds).toEqual([TRACE_A, TRACE_B]);
    expect(journey.startTime).toBe('2024-05-01T12:00:00.000123456Z');
    expect(journey.durationMs).toBe(2004);
    expect(
      journey.spans.map((s) => [s.traceId, s.spanId.slice(-2), s.depth, s.startOffsetMs, s.step]),
    ).toEqual([
      [TRACE_A, '01', 0, 0, null],
      [TRACE_A, '02', 1, 1.000001, 'create_order'],
      [TRACE_A, '03', 1, 5, 'risk_check'],
      [TRACE_A, '04', 1, 30, 'payment_create'],
      [TRACE_A, '05', 2, 31, 'channel_pay'],
      [TRACE_B, '01', 0, 2000, 'payment_callback'],
      [TRACE_B, '02', 1, 2001, 'order_update'],
    ]);
  });

  it('attaches logs by trace id and by journey key attributes', async () => {
    const journey = (await app.get('/api/v1/journeys/ord-1')).body as Waterfall;
    expect(journey.logs.map((log) => [log.body, log.offsetMs, log.traceId])).toEqual([
      ['calling alipay', 31.500001, TRACE_A],
      ['alipay timed out', 111.000001, TRACE_A],
      ['receipt sent', 2500, ''],
    ]);
  });

  it('answers 404 for an unknown key, injection attempts included, and 400 for an overlong one', async () => {
    for (const key of ['no-such-order', "ord-1' OR '1'='1", 'ord-1) OR (1=1', '%']) {
      const { status } = await app.get(`/api/v1/journeys/${encodeURIComponent(key)}`);
      expect(status, key).toBe(404);
    }
    const long = await app.get(`/api/v1/journeys/${'k'.repeat(257)}`);
    expect(long.status).toBe(400);
    expect((long.body as { error: { message: string } }).error.message).toContain("'key'");
    const control = await app.get(`/api/v1/journeys/${encodeURIComponent('a\nb')}`);
    expect(control.status).toBe(400);
  });
});

describe('GET /api/v1/traces (search)', () => {
  const range = `from=${NOW_MS - 3_600_000}&to=${NOW_MS}`;
  type Item = {
    traceId: string;
    startTime: string;
    durationMs: number;
    rootService: string;
    rootName: string;
    status: string;
    spanCount: number;
    steps: string[];
  };
  const search = async (query: string) => {
    const { status, body } = await app.get(`/api/v1/traces?${range}&${query}`);
    expect(status, query).toBe(200);
    return (body as { traces: Item[] }).traces;
  };

  it('lists traces in the range, newest first, from the summary', async () => {
    const traces = await search('');
    expect(traces.map((t) => t.traceId)).toEqual([TRACE_B, TRACE_A, TRACE_D, TRACE_C]);
    expect(traces[1]).toEqual({
      traceId: TRACE_A,
      startTime: '2024-05-01T12:00:00.000123456Z',
      durationMs: 125,
      rootService: 'checkout-svc',
      rootName: 'POST /checkout',
      status: 'error',
      spanCount: 5,
      steps: ['create_order', 'risk_check', 'payment_create', 'channel_pay'],
      errorCount: 1,
    });
    expect(traces[0]?.steps).toEqual(['payment_callback', 'order_update']);
  });

  it('filters by status, minimum duration, journey key and step', async () => {
    expect((await search('status=error')).map((t) => t.traceId)).toEqual([TRACE_A]);
    expect((await search('status=ok')).map((t) => t.traceId)).toEqual([TRACE_B, TRACE_D, TRACE_C]);
    expect((await search('minMs=125')).map((t) => t.traceId)).toEqual([TRACE_A, TRACE_D]);
    expect((await search('minMs=125.0001')).map((t) => t.traceId)).toEqual([TRACE_D]);
    expect((await search('key=ord-1')).map((t) => t.traceId)).toEqual([TRACE_B, TRACE_A]);
    expect((await search('step=channel_pay')).map((t) => t.traceId)).toEqual([TRACE_A, TRACE_D]);
    expect((await search('step=payment_callback&key=ord-1')).map((t) => t.traceId)).toEqual([TRACE_B]);
    expect((await search('limit=2')).map((t) => t.traceId)).toEqual([TRACE_B, TRACE_A]);
  });

  it('respects the time range', async () => {
    const from = Number(T0 / 1_000_000n) - 400_000;
    const to = Number(T0 / 1_000_000n);
    const { body } = await app.get(`/api/v1/traces?from=${from}&to=${to}`);
    expect((body as { traces: Item[] }).traces.map((t) => t.traceId)).toEqual([TRACE_D]);
  });

  it('treats injection payloads as plain values', async () => {
    expect(await search(`key=${encodeURIComponent("ord-1' OR '1'='1")}`)).toEqual([]);
    expect(await search(`key=${encodeURIComponent("') UNION ALL SELECT * FROM system.tables --")}`)).toEqual(
      [],
    );
  });

  it('answers 400 naming each bad parameter', async () => {
    for (const [query, name] of [
      ['from=yesterday', 'from'],
      ["to=1' OR 1=1", 'to'],
      [`from=${NOW_MS}&to=${NOW_MS - 1}`, 'from'],
      ['step=nope', 'step'],
      ["step=channel_pay' OR 1=1 --", 'step'],
      ['status=maybe', 'status'],
      ['minMs=-1', 'minMs'],
      ['minMs=1e9', 'minMs'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['key=', 'key'],
      [`key=${'x'.repeat(300)}`, 'key'],
      ['sort=Start', 'sort'],
    ]) {
      const { status, body } = await app.get(`/api/v1/traces?${query}`);
      expect(status, query).toBe(400);
      expect((body as { error: { message: string } }).error.message, query).toContain(`'${name}'`);
    }
  });
});

describe('data the paylens views did not see', () => {
  it('shows a span stored twice (a retried export) once', async () => {
    await app.insertSpans([fixtureSpans()[6]!]); // trace B's order.mark_paid again
    const trace = (await app.get(`/api/v1/traces/${TRACE_B}`)).body as Waterfall;
    expect(trace.spans.map((s) => s.spanId)).toEqual(['b000000000000001', 'b000000000000002']);
    expect(trace.totalSpans).toBe(2);
  });

  it("falls back to the exporter's TraceId → time table when the summary lacks a trace", async () => {
    await app.driver.command(sql`TRUNCATE TABLE paylens_trace_summary`);
    const { status, body } = await app.get(`/api/v1/traces/${TRACE_A}`);
    expect(status).toBe(200);
    const trace = body as Waterfall;
    expect(trace.spans.map((s) => [s.spanId.slice(-2), s.startOffsetMs, s.selfMs])).toEqual([
      ['01', 0, 6.000001],
      ['02', 1.000001, 10],
      ['03', 5, 20],
      ['04', 30, 15],
      ['05', 31, 80],
    ]);
  });
});
