import { describe, expect, it } from 'vitest';
import type { Span, TraceView } from '../src/api/schemas/traces.ts';
import { buildWaterfallModel, eventOffsetMs, spanMatcher, viewExtent } from '../src/waterfall/model.ts';
import { collapsedPositions } from '../src/waterfall/rowStates.ts';

const span = (
  spanId: string,
  parentSpanId: string,
  start: number,
  duration: number,
  extra: Partial<Span> = {},
): Span => ({
  traceId: 't1',
  spanId,
  parentSpanId,
  service: 'svc',
  name: spanId,
  kind: 'internal',
  startOffsetMs: start,
  durationMs: duration,
  selfMs: duration,
  depth: 0,
  step: null,
  status: 'ok',
  timeout: false,
  statusMessage: '',
  onCriticalPath: false,
  attributes: {},
  events: [],
  ...extra,
});

// root 0 ──────────────── 100
//   a   10 ──── 40
//   b          50 ──────── 120   (ends after the root)
const view: TraceView = {
  traceId: 't1',
  startTime: 1_000,
  durationMs: 100,
  spans: [
    span('root', '', 0, 100, { service: 'order-svc' }),
    span('a', 'root', 10, 30, {
      service: 'risk-svc',
      status: 'error',
      attributes: { 'payment.channel': 'alipay' },
    }),
    span('b', 'root', 50, 70, { service: 'pay-svc', timeout: true }),
  ],
  logs: [
    {
      timestamp: 1_020,
      offsetMs: 20,
      severity: 'ERROR',
      body: 'declined',
      traceId: 't1',
      spanId: 'a',
      service: 'risk-svc',
      attributes: {},
    },
    {
      timestamp: 1_005,
      offsetMs: 5,
      severity: 'INFO',
      body: 'start',
      traceId: 't1',
      spanId: 'root',
      service: 'order-svc',
      attributes: {},
    },
    {
      timestamp: 1_001,
      offsetMs: 1,
      severity: 'INFO',
      body: 'orphan',
      traceId: '',
      spanId: '',
      service: '',
      attributes: {},
    },
  ],
  criticalPath: [{ traceId: 't1', spanId: 'b', startOffsetMs: 50, endOffsetMs: 120 }],
};

describe('buildWaterfallModel', () => {
  const model = buildWaterfallModel(view);
  it('extends the trace to the latest span end', () => {
    expect(model.traceMs).toBe(120);
  });
  it('sorts logs by offset and attaches them to their spans', () => {
    expect(model.logs.map((l) => l.body)).toEqual(['orphan', 'start', 'declined']);
    expect(model.logsBySpan.get(1)?.map((l) => l.body)).toEqual(['declined']);
    expect(model.logsBySpan.get(0)?.map((l) => l.body)).toEqual(['start']);
  });
  it('indexes spans, services, traces and critical sections', () => {
    expect(model.indexBySpanId.get('b')).toBe(2);
    expect(model.services).toEqual(['order-svc', 'pay-svc', 'risk-svc']);
    expect(model.traceIds).toEqual(['t1']);
    expect(model.criticalSections.get(2)).toEqual([{ startMs: 50, endMs: 120 }]);
    expect(new Set(model.colors.values()).size).toBe(3);
  });
  it('marks no trace as link-joined when the server does not list traces', () => {
    expect(model.linkJoined.size).toBe(0);
  });
  it('marks the traces that joined a journey through a span link', () => {
    const journey = buildWaterfallModel({
      ...view,
      traces: [
        { traceId: 't1', via: 'key' },
        { traceId: 't2', via: 'link', linkedFrom: 't1' },
      ],
    });
    expect([...journey.linkJoined]).toEqual([['t2', 'Trace t2 joined by span link from t1']]);
  });
  it('measures the extent of a re-rooted subtree', () => {
    expect(viewExtent(model, null)).toEqual({ minMs: 0, maxMs: 120 });
    expect(viewExtent(model, model.tree.positionOf[1]!)).toEqual({ minMs: 10, maxMs: 40 });
  });
  it('collapses by fold depth with toggles flipping it', () => {
    expect([...collapsedPositions(model.tree, 0, [])]).toEqual([0]);
    expect([...collapsedPositions(model.tree, 0, [0])]).toEqual([]);
    expect([...collapsedPositions(model.tree, null, [0, 1])]).toEqual([0]);
  });
});

describe('spanMatcher', () => {
  const { spans } = view;
  it('matches service, name and attribute values, case-insensitively', () => {
    const byChannel = spanMatcher(spans, 'ALIPAY', false)!;
    expect([0, 1, 2].filter(byChannel)).toEqual([1]);
    const byService = spanMatcher(spans, 'pay-svc', false)!;
    expect([0, 1, 2].filter(byService)).toEqual([2]);
  });
  it('keeps errors and timeouts only', () => {
    expect([0, 1, 2].filter(spanMatcher(spans, '', true)!)).toEqual([1, 2]);
    expect(spanMatcher(spans, '  ', false)).toBeNull();
  });
});

describe('eventOffsetMs', () => {
  it('prefers the API offset, else derives it from the timestamp', () => {
    expect(eventOffsetMs({ name: 'x', offsetMs: 7, attributes: {} }, 1000)).toBe(7);
    expect(eventOffsetMs({ name: 'x', timestamp: 1012, attributes: {} }, 1000)).toBe(12);
    expect(eventOffsetMs({ name: 'x', attributes: {} }, 1000)).toBeNull();
  });
});
