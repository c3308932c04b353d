import type { ClickHouseDriver, SqlFragment, SqlQuery } from '@paylens/store';
import { describe, expect, it } from 'vitest';
import { readBuiltJourneyTraces } from '../../src/journeys/journey-traces.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { readJourneyTraces } from '../../src/traces/journey-index-reader.ts';
import { readCorrelatedLogs, severityName } from '../../src/traces/log-reader.ts';
import { readSpanDetails } from '../../src/traces/span-reader.ts';
import { readTraceWindow } from '../../src/traces/trace-range-reader.ts';
import { searchTraceSummaries } from '../../src/traces/trace-search-reader.ts';

/** Records the SQL each reader builds; answers with no rows. */
function recordingDriver(): { driver: ClickHouseDriver; queries: SqlQuery[] } {
  const queries: SqlQuery[] = [];
  const driver = {
    kind: 'embedded',
    query: async (query: SqlFragment) => {
      queries.push(query.build());
      return [];
    },
  } as unknown as ClickHouseDriver;
  return { driver, queries };
}

const HOSTILE = "x') OR 1=1 UNION ALL SELECT * FROM system.users --";
const link = loadLinkFile(DEFAULT_LINK_FILE);
const window = { fromNs: 1_714_564_800_000_000_123n, toNs: 1_714_564_800_125_000_123n };

describe('trace view readers', () => {
  it('bound every request value, never placing it in the SQL text', async () => {
    const { driver, queries } = recordingDriver();
    await readTraceWindow(driver, HOSTILE);
    await readJourneyTraces(driver, [HOSTILE], 10);
    await readBuiltJourneyTraces(driver, 'v', HOSTILE);
    await readSpanDetails(driver, { traceIds: [HOSTILE], window }, 5);
    await readCorrelatedLogs(
      driver,
      { traceIds: [HOSTILE], window, journey: { attributes: ['payment.order_id'], key: HOSTILE } },
      5,
    );
    await searchTraceSummaries(
      driver,
      link,
      { from: 1, to: 2, key: HOSTILE, step: 'channel_pay', status: 'error', minMs: 1.5, limit: 5 },
      [HOSTILE],
    );
    // The log reader first asks which columns otel_logs has: a query without request values.
    const probes = queries.filter((query) => query.text.includes('system.columns'));
    expect(probes).toHaveLength(1);
    expect(probes[0]!.params).toEqual({});
    const reads = queries.filter((query) => !probes.includes(query));
    expect(reads).toHaveLength(7); // the window falls back to the exporter's table
    for (const query of reads) {
      expect(query.text).not.toContain(HOSTILE);
      expect(query.text).not.toContain('OR 1=1');
      expect(Object.values(query.params).flat()).toContain(HOSTILE);
    }
  });

  it('reads spans within the trace window by TraceId, exact to the nanosecond', async () => {
    const { driver, queries } = recordingDriver();
    await readSpanDetails(driver, { traceIds: ['t1', 't2'], window }, 20_001);
    const [query] = queries;
    expect(query?.text).toContain(
      'WHERE Timestamp BETWEEN fromUnixTimestamp64Nano({p_0:Int64}) AND fromUnixTimestamp64Nano({p_1:Int64})\n    AND TraceId IN {p_2:Array(String)}',
    );
    expect(query?.params).toEqual({
      p_0: '1714564800000000123',
      p_1: '1714564800125000123',
      p_2: ['t1', 't2'],
      p_3: 20_001,
    });
  });

  it('names log severities from the text, else from the OTel number ranges', () => {
    expect(severityName('warning', 13)).toBe('warning');
    expect([1, 5, 9, 13, 17, 21, 24, 0, 25].map((n) => severityName('', n))).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
      'FATAL',
      '',
      '',
    ]);
  });
});
