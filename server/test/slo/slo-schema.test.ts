import { describe, expect, it } from 'vitest';
import { parseLink } from '../../src/link/load-link.ts';
import { stepSlos } from '../../src/slo/slo-steps.ts';

const link = (slo: string) => `name: t
steps:
  - id: pay
    match: { span: "pay" }
    timeoutMs: 3000
  - id: callback
    match: { span: "callback" }
    slo: ${slo}
`;

describe('slo on link steps', () => {
  it('reads objective, latency and window (28d by default)', () => {
    const parsed = parseLink(link('{ objective: 99.5, latencyMs: 800 }'), 'link.yaml');
    expect(stepSlos(parsed)).toEqual([
      {
        step: 'callback',
        title: 'callback',
        objective: 99.5,
        latencyMs: 800,
        window: '28d',
        windowMs: 28 * 86_400_000,
      },
    ]);
    expect(stepSlos(parseLink(link('{ objective: 99, window: 7d }'), 'link.yaml'))[0]!.windowMs).toBe(
      7 * 86_400_000,
    );
  });

  it.each([
    ['{ objective: 100 }', 'steps.1.slo.objective: must be below 100'],
    ['{ objective: 0 }', 'steps.1.slo.objective: must be a percentage above 0'],
    ['{ latencyMs: 300 }', 'steps.1.slo.objective'],
    ['{ objective: 99, latencyMs: -1 }', 'steps.1.slo.latencyMs'],
    ['{ objective: 99, window: 4 weeks }', 'steps.1.slo.window: must be a duration like 28d'],
    ['{ objective: 99, window: 5m }', 'steps.1.slo.window: must be between 1h and 90d'],
    ['{ objective: 99, budget: 1 }', 'steps.1.slo'],
  ])('refuses %s at start, naming file, line and field', (slo, message) => {
    expect(() => parseLink(link(slo), 'link.yaml')).toThrow(`link.yaml:8: ${message}`);
  });
});
