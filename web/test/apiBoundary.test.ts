import { describe, expect, it } from 'vitest';
import { ApiError, apiUrl, validate } from '../src/api/client.ts';
import { funnelResponseSchema, stuckResponseSchema } from '../src/api/schemas/funnel.ts';
import { stepsResponseSchema } from '../src/api/schemas/steps.ts';
import { tracesResponseSchema } from '../src/api/schemas/traces.ts';
import { appendPage, parseTraceView } from '../src/api/traceView.ts';

const apiSpan = (spanId: string, parentSpanId = '') => ({
  traceId: 't',
  spanId,
  parentSpanId,
  service: 's',
  name: 'n',
  kind: 'server',
  startOffsetMs: 0,
  durationMs: 1.5,
  selfMs: 1.5,
  depth: 0,
  step: null,
  status: 'ok',
  timeout: false,
  statusMessage: '',
  onCriticalPath: true,
  attributes: { a: 'b' },
  events: [],
  percentile: null,
});

describe('API boundary', () => {
  it('builds URLs without empty parameters', () => {
    expect(apiUrl('/steps', { from: 1, to: 2, groupBy: undefined, step: '' })).toBe(
      '/api/v1/steps?from=1&to=2',
    );
    expect(apiUrl('/link')).toBe('/api/v1/link');
  });

  it('converts ISO instants to epoch ms once', () => {
    const parsed = validate(
      tracesResponseSchema,
      {
        traces: [
          {
            traceId: 'abc',
            startTime: '2024-01-01T00:00:00.000123Z',
            durationMs: 12.5,
            rootService: 'order-svc',
            rootName: 'POST /orders',
            status: 'ok',
            spanCount: 3,
            steps: ['create_order'],
          },
        ],
      },
      'traces',
    );
    expect(parsed.traces[0]!.startTime).toBe(Date.UTC(2024, 0, 1));
  });

  it('names the path of the first bad field', () => {
    const bad = { from: 1, to: 2, steps: [{ step: 'x', count: 'many' }] };
    expect(() => validate(stepsResponseSchema, bad, '/steps')).toThrow(/at steps\.0\.count/);
    try {
      validate(stepsResponseSchema, bad, '/steps');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('bad_shape');
    }
  });

  it('parses big span lists in chunks and reports the failing chunk', async () => {
    const spans = Array.from({ length: 12_000 }, (_, i) => apiSpan(`s${i}`));
    const view = await parseTraceView(
      { traceId: 't', startTime: 0, durationMs: 1, spans, logs: [] },
      'trace',
    );
    expect(view.spans).toHaveLength(12_000);
    expect(view.spans[11_999]!.spanId).toBe('s11999');
    spans[10_001] = { ...apiSpan('x'), status: 'weird' };
    await expect(parseTraceView({ startTime: 0, durationMs: 1, spans }, 'trace')).rejects.toThrow(
      /spans\[10000…\] response at 1\.status/,
    );
  });

  it('appends a later page and recomputes truncation', async () => {
    const first = await parseTraceView(
      { startTime: 0, durationMs: 1, spans: [apiSpan('a')], totalSpans: 2, truncated: true },
      'trace',
    );
    const second = await parseTraceView(
      { startTime: 0, durationMs: 1, spans: [apiSpan('b', 'a')], totalSpans: 2 },
      'trace',
    );
    const merged = appendPage(first, second);
    expect(merged.spans.map((s) => s.spanId)).toEqual(['a', 'b']);
    expect(merged.truncated).toBe(false);
  });

  it('parses funnels from servers before and after the journey model', () => {
    const oldStep = {
      step: 'channel_pay',
      entered: 10,
      succeeded: 8,
      failed: 2,
      dropped: 1,
      conversionFromStart: 0.8,
      conversionFromPrevious: 0.9,
      p50MsFromPrevious: -3,
      p90MsFromPrevious: 12,
      topErrors: [{ message: 'declined', count: 2 }],
    };
    const completed = { count: 7, p50: 900, p90: 1500, p99: 2100 };
    const old = validate(funnelResponseSchema, { journeys: 10, steps: [oldStep], completed }, 'funnel');
    expect(old.steps[0]).toEqual({ ...oldStep, topErrors: [{ message: 'declined', count: 2 }], value: [] });
    expect(old.value).toEqual([]);
    expect(old.steps[0]!.attempts).toBeUndefined();
    expect(old.groups).toEqual([]);

    const newStep = {
      ...oldStep,
      p50MsFromPrevious: 0,
      attempts: 14,
      retried: 3,
      overlapped: 6,
      topErrors: [{ message: 'declined', count: 2, attempts: 5 }],
    };
    const parsed = validate(
      funnelResponseSchema,
      {
        journeys: 10,
        steps: [newStep],
        completed,
        groups: [{ key: { 'payment.channel': 'card' }, journeys: 10, steps: [newStep], completed }],
      },
      'funnel',
    );
    expect(parsed.steps[0]).toEqual({ ...newStep, value: [] });
    expect(parsed.groups[0]!.completed).toEqual(completed);

    // With several links, what journeys are worth: exact decimal strings per currency.
    const stepValue = {
      currency: 'CNY',
      entered: '1234.5',
      succeeded: '1000',
      failed: '234.5',
      dropped: '0',
    };
    const valued = validate(
      funnelResponseSchema,
      {
        journeys: 10,
        steps: [{ ...newStep, value: [stepValue] }],
        completed,
        value: [{ currency: 'CNY', journeys: '1234.5', completed: '1000' }],
      },
      'funnel',
    );
    expect(valued.steps[0]!.value).toEqual([stepValue]);
    expect(valued.value).toEqual([{ currency: 'CNY', journeys: '1234.5', completed: '1000' }]);
    expect(() =>
      validate(
        funnelResponseSchema,
        { journeys: 1, steps: [], completed, value: [{ currency: 'CNY', journeys: 1.5, completed: '1' }] },
        'funnel',
      ),
    ).toThrow(/value\.0\.journeys/);
  });

  it('parses stuck lists with and without a total', () => {
    const body = { after: 'channel_pay', graceMs: 0, journeys: [] };
    expect(validate(stuckResponseSchema, body, 'stuck').total).toBeUndefined();
    expect(validate(stuckResponseSchema, { ...body, total: 1234 }, 'stuck').total).toBe(1234);
  });

  it('parses journeys with and without the traces list', async () => {
    const head = { key: 'ord-1', startTime: 0, durationMs: 1, spans: [apiSpan('a')], traceIds: ['t'] };
    expect((await parseTraceView(head, 'journey')).traces).toBeUndefined();
    const traces = [
      { traceId: 't', via: 'key' },
      { traceId: 'u', via: 'link', linkedFrom: 't' },
    ];
    expect((await parseTraceView({ ...head, traces }, 'journey')).traces).toEqual(traces);
    await expect(
      parseTraceView({ ...head, traces: [{ traceId: 't', via: 'carrier pigeon' }] }, 'journey'),
    ).rejects.toThrow(/traces\.0\.via/);
  });
});
