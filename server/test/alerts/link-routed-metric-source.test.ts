import { describe, expect, it } from 'vitest';
import { linkRoutedMetricSource } from '../../src/alerts/link-routed-metric-source.ts';
import type { MetricRequest, MetricSource } from '../../src/alerts/metric-source.ts';

/** A source that answers each request with its step and link as a group, and records its calls. */
function echo(name: string, calls: string[][]): MetricSource {
  return {
    measure: async (requests) => {
      calls.push(requests.map((r) => r.step));
      return requests.map((r) => [{ dimensions: { link: name, step: r.step }, count: 1, value: 1 }]);
    },
    sampleTraceIds: async (requests) => requests.map((r) => [`${name}:${r.step}`]),
  };
}

const request = (link: string | undefined, step: string): MetricRequest => ({
  link,
  step,
  metric: 'p99',
  windowMs: 60_000,
  filters: {},
  groupBy: [],
});

describe('linkRoutedMetricSource', () => {
  it("asks each link's source once with its requests, and answers in request order", async () => {
    const calls: string[][] = [];
    const sources: Record<string, MetricSource> = { pay: echo('pay', calls), refund: echo('refund', calls) };
    const routed = linkRoutedMetricSource((link) => sources[link ?? 'pay']);
    const requests = [
      request('refund', 'r1'),
      request(undefined, 'p1'),
      request('refund', 'r2'),
      request('pay', 'p2'),
    ];
    const answers = await routed.measure(requests, 0);
    expect(answers.map((groups) => groups[0]!.dimensions)).toEqual([
      { link: 'refund', step: 'r1' },
      { link: 'pay', step: 'p1' },
      { link: 'refund', step: 'r2' },
      { link: 'pay', step: 'p2' },
    ]);
    // The default link, named or not, is one source: asked once.
    expect(calls).toEqual([
      ['r1', 'r2'],
      ['p1', 'p2'],
    ]);
    const samples = await routed.sampleTraceIds(
      requests.map((r) => ({ ...r, dimensions: {}, op: '>', threshold: 1 })),
      0,
      5,
    );
    expect(samples).toEqual([['refund:r1'], ['pay:p1'], ['refund:r2'], ['pay:p2']]);
  });

  it('gives no data to a rule whose link is no longer served', async () => {
    const pay = echo('pay', []);
    const routed = linkRoutedMetricSource((link) => (link === 'gone' ? undefined : pay));
    expect(await routed.measure([request('gone', 'x'), request('pay', 'y')], 0)).toEqual([
      [],
      [{ dimensions: { link: 'pay', step: 'y' }, count: 1, value: 1 }],
    ]);
  });
});
