import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseDriver } from '../src/driver.ts';
import { migrate } from '../src/migrate.ts';
import { sql } from '../src/sql.ts';

const JOURNEY_KEY = ['payment.order_id'];

function spanLine(
  traceId: string,
  spanId: string,
  startNs: bigint,
  durationNs: bigint,
  orderId: string,
): string {
  return JSON.stringify({
    Timestamp: startNs.toString(),
    TraceId: traceId,
    SpanId: spanId,
    ParentSpanId: '',
    SpanName: 'POST /orders',
    SpanKind: 'Server',
    ServiceName: 'order-svc',
    SpanAttributes: { 'payment.order_id': orderId },
    Duration: durationNs.toString(),
    StatusCode: 'Ok',
  });
}

/** The behaviour both drivers must share; run once per driver in separate processes. */
export function driverSuite(
  name: string,
  open: () => Promise<ClickHouseDriver>,
  close: () => Promise<void>,
): void {
  describe(`${name} driver`, () => {
    let driver: ClickHouseDriver;
    beforeAll(async () => {
      driver = await open();
      await migrate(driver, { journeyKey: JOURNEY_KEY });
    });
    afterAll(async () => {
      await driver.close();
      await close();
    });

    it('migrates idempotently and records each version once', async () => {
      await migrate(driver, { journeyKey: JOURNEY_KEY });
      const rows = await driver.query<{ version: number; n: number }>(
        sql`SELECT version, count() AS n FROM paylens_schema_migrations FINAL GROUP BY version ORDER BY version`,
      );
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(rows.every((row) => row.n === 1)).toBe(true);
    });

    it('stores exact nanosecond timestamps and deduplicates a retried insert', async () => {
      const start = 1_763_000_000_123_456_789n;
      const body = Buffer.from(
        `${spanLine('a'.repeat(32), '1'.repeat(16), start, 1_500_001n, 'o-1')}\n${spanLine('a'.repeat(32), '2'.repeat(16), start + 7n, 3n, 'o-1')}\n`,
      );
      await driver.insert({ table: 'otel_traces', body, deduplicationToken: 'segment-1:otel_traces' });
      await driver.insert({ table: 'otel_traces', body, deduplicationToken: 'segment-1:otel_traces' });
      const rows = await driver.query<{ ts: string; d: string }>(
        sql`SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, toString(Duration) AS d FROM otel_traces WHERE TraceId = ${'a'.repeat(32)} ORDER BY Timestamp`,
      );
      expect(rows).toEqual([
        { ts: start.toString(), d: '1500001' },
        { ts: (start + 7n).toString(), d: '3' },
      ]);
      const [summary] = await driver.query<{ spans: number; key: string; end: string }>(
        sql`SELECT sum(SpanCount) AS spans, max(JourneyKey) AS key, toString(toUnixTimestamp64Nano(max(End))) AS end
            FROM paylens_trace_summary WHERE TraceId = ${'a'.repeat(32)}`,
      );
      expect(summary).toEqual({ spans: 2, key: 'o-1', end: (start + 1_500_001n).toString() });
    });

    it('binds hostile values as data, never as SQL', async () => {
      const hostile = [
        "x' OR 1=1 --",
        'a\\b',
        "'; DROP TABLE otel_traces; --",
        'tab\there\nnewline',
        '日本語 🧾',
        '{p_0:String}',
      ];
      for (const value of hostile) {
        const [row] = await driver.query<{ v: string; n: number }>(
          sql`SELECT ${value} AS v, (SELECT count() FROM otel_traces WHERE TraceId = ${value}) AS n`,
        );
        expect(row).toEqual({ v: value, n: 0 });
      }
      const [row] = await driver.query<{ v: string[] }>(sql`SELECT ${["it's", 'b\\c']} AS v`);
      expect(row?.v).toEqual(["it's", 'b\\c']);
      const [count] = await driver.query<{ n: number }>(sql`SELECT count() AS n FROM otel_traces`);
      expect(count?.n).toBe(2);
    });

    it('inserts array rows by the columns named, in any order, the others left to their defaults', async () => {
      const traceId = 'c'.repeat(32);
      const start = 1_763_000_000_987_654_321n;
      const columns = ['SpanAttributes', 'Duration', 'SpanId', 'TraceId', 'Timestamp', 'Events.Name'];
      const line = (spanId: string, startNs: bigint, durationNs: bigint) =>
        JSON.stringify([
          { 'payment.order_id': 'o-c' },
          durationNs.toString(),
          spanId,
          traceId,
          startNs.toString(),
          ['retry'],
        ]);
      const body = Buffer.from(
        `${line('1'.repeat(16), start, 42n)}\n${line('2'.repeat(16), start + 1n, 7n)}\n`,
      );
      await driver.insert({
        table: 'otel_traces',
        body,
        columns,
        deduplicationToken: 'segment-c:otel_traces:columns',
      });
      await driver.insert({
        table: 'otel_traces',
        body,
        columns,
        deduplicationToken: 'segment-c:otel_traces:columns',
      });
      const rows = await driver.query<{
        span: string;
        ts: string;
        d: string;
        key: string;
        events: string[];
        kind: string;
      }>(
        sql`SELECT SpanId AS span, toString(toUnixTimestamp64Nano(Timestamp)) AS ts, toString(Duration) AS d,
              SpanAttributes['payment.order_id'] AS key, \`Events.Name\` AS events, toString(SpanKind) AS kind
            FROM otel_traces WHERE TraceId = ${traceId} ORDER BY Timestamp`,
      );
      expect(rows).toEqual([
        { span: '1'.repeat(16), ts: start.toString(), d: '42', key: 'o-c', events: ['retry'], kind: '' },
        {
          span: '2'.repeat(16),
          ts: (start + 1n).toString(),
          d: '7',
          key: 'o-c',
          events: ['retry'],
          kind: '',
        },
      ]);
    });

    it('refuses an insert naming a column that is not an identifier, before sending anything', async () => {
      await expect(
        driver.insert({
          table: 'otel_traces',
          body: Buffer.from('["x"]\n'),
          columns: ['TraceId) SELECT 1 --'],
        }),
      ).rejects.toThrow(/invalid column name/);
    });

    it('reports engine errors with their code', async () => {
      await expect(driver.query(sql`SELECT no_such_column FROM otel_traces`)).rejects.toMatchObject({
        name: 'StoreError',
        code: 47,
      });
      expect(await driver.ping()).toBe(true);
    });
  });
}
