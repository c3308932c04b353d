import { describe, expect, it } from 'vitest';
import { goodSql, windowCountsSql } from '../../src/slo/slo-sql.ts';
import { stepSlos } from '../../src/slo/slo-steps.ts';

const link = {
  name: 'l',
  journeyKey: [],
  dimensions: [],
  steps: [
    { id: 'pay', match: { span: 'pay' }, slo: { objective: 99, latencyMs: 800.5, window: '28d' } },
    { id: 'callback', match: { span: 'cb' }, slo: { objective: 99.5, window: '7d' } },
    { id: 'notify', match: { span: 'n' } },
  ],
};

describe('SLO SQL', () => {
  it('judges good spans with bound values: each step its own latency bound in ns, none without latencyMs', () => {
    const { text, params } = goodSql(stepSlos(link)).build();
    expect(text).toBe(`(Error = 0 AND Timeout = 0 AND Duration <= transform(Step, {p_0:Array(String)},
    arrayMap(b -> toUInt64(b), {p_1:Array(String)}), toUInt64({p_2:String})))`);
    expect(params).toEqual({
      p_0: ['pay', 'callback'],
      p_1: ['800500000', '18446744073709551615'],
      p_2: '18446744073709551615',
    });
  });

  it('sums the rollup and the spans apart, per window, then adds them', () => {
    const plan = {
      rollup: { fromMs: 60_000, toMs: 600_000 },
      spans: [{ fromMs: 600_000, toMs: 612_345 }],
      windows: [
        {
          windowMs: 300_000,
          rollup: { fromMs: 360_000, toMs: 600_000 },
          spans: [{ fromMs: 600_000, toMs: 612_345 }],
        },
      ],
    };
    const { text } = windowCountsSql(link, { version: 'v', coveredFromNs: 0n }, ['pay'], plan).build();
    expect(text).toMatch(/^SELECT Step, sumForEach\(totals\) AS totals, sumForEach\(goods\) AS goods/);
    expect(text).toContain('FROM paylens_slo_minutes WHERE Step IN');
    expect(text).toContain('FROM paylens_link_spans WHERE');
    expect(text.match(/UNION ALL/g)).toHaveLength(1);
  });
});
