import { describe, expect, it } from 'vitest';
import type { FunnelStep } from '../src/api/schemas/funnel.ts';
import { conversionLevel, defaultStuckStep, funnelBars } from '../src/funnel/funnelBars.ts';
import { journeyHref } from '../src/funnel/journeyHref.ts';
import { dropOffsSearch, failuresSearch } from '../src/funnel/traceLinks.ts';

const step = (
  id: string,
  entered: number,
  succeeded: number,
  failed: number,
  dropped: number,
): FunnelStep => ({
  step: id,
  entered,
  succeeded,
  failed,
  dropped,
  conversionFromStart: null,
  conversionFromPrevious: null,
  value: [],
  p50MsFromPrevious: null,
  p90MsFromPrevious: null,
  topErrors: [],
});

describe('funnelBars', () => {
  // create: 100 entered (90 ok, 10 failed); pay: 80 entered (70 ok, 10 failed), 10 dropped.
  const steps = [step('create', 100, 90, 10, 0), step('pay', 80, 70, 10, 10)];
  it('scales every segment against the widest step', () => {
    expect(funnelBars(steps)).toEqual([
      { step: 'create', succeeded: 0.9, failed: 0.1, dropped: 0 },
      { step: 'pay', succeeded: 0.7, failed: 0.1, dropped: 0.1 },
    ]);
  });
  it('draws nothing for an empty funnel without dividing by zero', () => {
    expect(funnelBars([step('a', 0, 0, 0, 0)])).toEqual([{ step: 'a', succeeded: 0, failed: 0, dropped: 0 }]);
  });
});

describe('defaultStuckStep', () => {
  it('picks the step before the largest drop-off', () => {
    const steps = [
      step('a', 10, 10, 0, 0),
      step('b', 9, 9, 0, 1),
      step('c', 4, 4, 0, 5),
      step('d', 4, 4, 0, 0),
    ];
    expect(defaultStuckStep(steps)).toBe('b');
  });
  it('falls back to the first step', () => {
    expect(defaultStuckStep([step('a', 1, 1, 0, 0), step('b', 1, 1, 0, 0)])).toBe('a');
    expect(defaultStuckStep([])).toBeUndefined();
  });
});

describe('conversionLevel', () => {
  it('grades a group against the whole', () => {
    expect(conversionLevel(0.8, 0.9)).toBe('bad');
    expect(conversionLevel(0.885, 0.9)).toBe('warn');
    expect(conversionLevel(0.95, 0.9)).toBe('ok');
    expect(conversionLevel(null, 0.9)).toBe('none');
  });
});

describe('funnel → trace search links', () => {
  const current = new URLSearchParams(
    'range=6h&f.payment.channel=alipay&groupBy=payment.channel&stuckAfter=x',
  );
  it('keeps the time range and filters, drops page parameters', () => {
    expect(failuresSearch(current, 'channel_pay')).toBe(
      '/traces?range=6h&f.payment.channel=alipay&step=channel_pay&status=error',
    );
    expect(dropOffsSearch(current, 'risk_check', 'channel_pay')).toBe(
      '/traces?range=6h&f.payment.channel=alipay&droppedAfter=risk_check&droppedBefore=channel_pay',
    );
  });
});

describe('journeyHref', () => {
  it('opens keyed journeys as journeys and keyless ones as their trace', () => {
    expect(journeyHref('order-1', ['t1', 't2'], 'range=6h')).toBe('/journeys/order-1?range=6h');
    expect(journeyHref('abc123', ['abc123'], '')).toBe('/traces/abc123');
    expect(journeyHref('a/b', ['t1'], '')).toBe('/journeys/a%2Fb');
  });
});
