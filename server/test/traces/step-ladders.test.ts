import type { ClickHouseDriver } from '@paylens/store';
import { describe, expect, it } from 'vitest';
import { LADDER_LEVELS } from '../../src/analysis/waterfall/percentile-rank.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { createPercentileSource } from '../../src/traces/step-ladders.ts';

const link = loadLinkFile(DEFAULT_LINK_FILE);
// channel_pay durations 1…100 ms: level q sits at ceil(q·100) ms.
const ROWS = [{ step: 'channel_pay', values: LADDER_LEVELS.map((q) => Math.ceil(q * 100) * 1e6) }];

function countingDriver(fail: () => boolean): { driver: ClickHouseDriver; calls: () => number } {
  let calls = 0;
  const driver = {
    query: async () => {
      calls++;
      if (fail()) throw new Error('engine busy');
      return ROWS;
    },
  } as unknown as ClickHouseDriver;
  return { driver, calls: () => calls };
}

describe('step percentile source', () => {
  it('reads the ladders once a minute, sharing one query between concurrent requests', async () => {
    let now = 1_000_000;
    const { driver, calls } = countingDriver(() => false);
    const source = createPercentileSource(
      driver,
      link,
      () => now,
      () => {},
    );
    const [a, b] = await Promise.all([source(), source()]);
    expect(calls()).toBe(1);
    expect(a?.('channel_pay', 97e6)).toBe(97);
    expect(b?.('risk_check', 97e6)).toBeNull();
    now += 59_999;
    await source();
    expect(calls()).toBe(1);
    now += 1;
    // Stale while revalidating: the old ladders answer at once, one refresh starts.
    expect((await source())?.('channel_pay', 97e6)).toBe(97);
    await source();
    expect(calls()).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    now += 1;
    await source();
    expect(calls()).toBe(2); // refreshed a moment ago
  });

  it('leaves percentiles out when the query fails, and tries again next time', async () => {
    let failing = true;
    const errors: unknown[] = [];
    const { driver, calls } = countingDriver(() => failing);
    const source = createPercentileSource(
      driver,
      link,
      () => 0,
      (error) => errors.push(error),
    );
    expect(await source()).toBeUndefined();
    expect(errors).toHaveLength(1);
    failing = false;
    expect((await source())?.('channel_pay', 50e6)).toBe(50);
    expect(calls()).toBe(2);
  });
});
