import { type ClickHouseDriver, sql, UNSAFE_raw } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTime64 } from './support/exporter-rows.ts';
import { type JsonLog, type JsonSpan, logsRequest, tracesRequest } from './support/otlp-json-requests.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

// Spans and logs sent through paylens' OTLP collector, then read with SQL written for the
// OpenTelemetry Collector ClickHouse exporter's schema, verbatim: the example queries of the
// exporter's README and the queries the Grafana ClickHouse data source generates for its trace and
// log views (with Grafana's time macros already expanded to what the plugin sends). Teams keep
// their dashboards and saved queries when paylens writes the tables.
const TRACE = '5b8efff798038103d269b633813fc60c';
const OTHER_TRACE = '5b8efff798038103d269b633813fc6ff';
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const T0 = NOW_NS - 600_000_000_000n + 123_457n; // ten minutes ago, nanosecond-precise

const ROOT: JsonSpan = {
  traceId: TRACE,
  spanId: 'eee19b7ec3c1b174',
  name: 'POST /checkout',
  kind: 2,
  startNs: T0,
  durationNs: 1_500_000_123n,
  attributes: { 'payment.order_id': 'order-77', 'http.request.method': 'POST' },
  status: { code: 1 },
};
const CHANNEL: JsonSpan = {
  traceId: TRACE,
  spanId: 'eee19b7ec3c1b175',
  parentSpanId: ROOT.spanId,
  name: 'alipay.pay',
  kind: 3,
  startNs: T0 + 10_000_000n,
  durationNs: 800_000_456n,
  attributes: { 'peer.service': 'alipay-gateway', 'payment.channel': 'alipay', 'error.type': 'timeout' },
  status: { code: 2, message: 'gateway timed out' },
  events: [
    { timeNs: T0 + 810_000_000n, name: 'exception', attributes: { 'exception.type': 'TimeoutError' } },
  ],
};
const DB: JsonSpan = {
  traceId: TRACE,
  spanId: 'eee19b7ec3c1b176',
  parentSpanId: ROOT.spanId,
  name: 'db.insert payments',
  kind: 3,
  startNs: T0 + 900_000_000n,
  durationNs: 5_000_000n,
  links: [{ traceId: OTHER_TRACE, spanId: 'aaa19b7ec3c1b100' }],
};
const RISK: JsonSpan = {
  traceId: TRACE,
  spanId: 'fff19b7ec3c1b177',
  parentSpanId: ROOT.spanId,
  name: 'risk.evaluate',
  kind: 2,
  startNs: T0 + 1_000_000n,
  durationNs: 3_000_001n,
};
const HEALTH: JsonSpan = {
  traceId: OTHER_TRACE,
  spanId: 'aaa19b7ec3c1b100',
  name: 'GET /health',
  kind: 2,
  startNs: T0 + 2_000_000_000n,
  durationNs: 1_000_000n,
};
const CHECKOUT_SPANS = [ROOT, CHANNEL, DB, HEALTH];
const LOGS: JsonLog[] = [
  {
    timeNs: T0 + 11_000_000n,
    traceId: TRACE,
    spanId: CHANNEL.spanId,
    severityNumber: 9,
    severityText: 'INFO',
    body: 'calling alipay',
  },
  {
    timeNs: T0 + 810_000_001n,
    traceId: TRACE,
    spanId: CHANNEL.spanId,
    severityNumber: 17,
    severityText: 'ERROR',
    body: 'alipay timed out',
    attributes: { 'payment.channel': 'alipay' },
  },
  { timeNs: T0 + 3_000_000_000n, severityNumber: 9, severityText: 'INFO', body: 'cache warmed' },
];
const RISK_LOG: JsonLog = {
  timeNs: T0 + 2_000_000n,
  traceId: TRACE,
  spanId: RISK.spanId,
  severityNumber: 9,
  severityText: 'INFO',
  body: 'risk score 0.12',
};

let paylens: TestPaylens;
let driver: ClickHouseDriver;

beforeAll(async () => {
  paylens = await startTestPaylens();
  driver = paylens.driver;
  const post = async (path: string, body: object) => {
    const response = await fetch(`${paylens.otlpUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).toBe(200);
  };
  await post('/v1/traces', tracesRequest({ 'checkout-svc': CHECKOUT_SPANS, 'risk-svc': [RISK] }));
  await post('/v1/logs', logsRequest({ 'checkout-svc': LOGS, 'risk-svc': [RISK_LOG] }));
  await paylens.collector!.drain();
});
afterAll(async () => {
  await paylens?.dispose();
});

/** Runs SQL text exactly as a third-party tool would send it (it holds no request input). */
function run<Row = Record<string, unknown>>(text: string): Promise<Row[]> {
  return driver.query<Row>(sql`${UNSAFE_raw(text)}`);
}

const msOf = (ns: bigint) => Number(ns / 1_000_000n);

describe("the exporter README's queries", () => {
  const COLUMNS = `Timestamp,
       TraceId,
       SpanId,
       ParentSpanId,
       SpanName,
       SpanKind,
       ServiceName,
       Duration,
       StatusCode,
       StatusMessage,
       toString(SpanAttributes),
       toString(ResourceAttributes),
       toString(Events.Name),
       toString(Links.TraceId)`;

  it('finds spans with a specific attribute', async () => {
    const rows = await run(`SELECT ${COLUMNS}
FROM otel_traces
WHERE ServiceName = 'checkout-svc'
  AND SpanAttributes['peer.service'] = 'alipay-gateway'
  AND Timestamp >= NOW() - INTERVAL 1 HOUR
Limit 100;`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Timestamp: dateTime64(CHANNEL.startNs),
      TraceId: TRACE,
      SpanId: CHANNEL.spanId,
      ParentSpanId: ROOT.spanId,
      SpanName: 'alipay.pay',
      SpanKind: 'Client',
      ServiceName: 'checkout-svc',
      Duration: 800_000_456,
      StatusCode: 'Error',
      StatusMessage: 'gateway timed out',
      'toString(Events.Name)': "['exception']",
      'toString(Links.TraceId)': '[]',
    });
    expect(rows[0]!['toString(SpanAttributes)']).toContain("'peer.service':'alipay-gateway'");
    expect(rows[0]!['toString(ResourceAttributes)']).toContain("'service.name':'checkout-svc'");
  });

  it('finds a trace by TraceId through otel_traces_trace_id_ts', async () => {
    const rows = await run<{ SpanId: string; Duration: number; 'toString(Links.TraceId)': string }>(`WITH
    '${TRACE}' as trace_id,
    (SELECT min(Start) FROM otel_traces_trace_id_ts WHERE TraceId = trace_id) as start,
    (SELECT max(End) + 1 FROM otel_traces_trace_id_ts WHERE TraceId = trace_id) as end
SELECT ${COLUMNS}
FROM otel_traces
WHERE TraceId = trace_id
  AND Timestamp >= start
  AND Timestamp <= end
Limit 100;`);
    expect(rows.map((row) => row.SpanId).sort()).toEqual(
      [ROOT, CHANNEL, DB, RISK].map((span) => span.spanId).sort(),
    );
    const db = rows.find((row) => row.SpanId === DB.spanId)!;
    expect(db['toString(Links.TraceId)']).toBe(`['${OTHER_TRACE}']`);
    expect(db.Duration).toBe(5_000_000);
  });

  it('finds error spans and slow spans', async () => {
    const where = (condition: string) => `SELECT ${COLUMNS}
FROM otel_traces
WHERE ServiceName = 'checkout-svc'
  AND ${condition}
  AND Timestamp >= NOW() - INTERVAL 1 HOUR
Limit 100;`;
    const errors = await run<{ SpanId: string }>(where("StatusCode = 'Error'"));
    expect(errors.map((row) => row.SpanId)).toEqual([CHANNEL.spanId]);
    const slow = await run<{ SpanId: string }>(where('Duration > 1 * 1e9'));
    expect(slow.map((row) => row.SpanId)).toEqual([ROOT.spanId]);
  });

  it('finds logs of a service, and counts them by severity over time', async () => {
    const logs = await run<{ log_time: string; Body: string }>(`SELECT Timestamp as log_time, Body
FROM otel_logs
WHERE ServiceName = 'checkout-svc'
  AND toStartOfFiveMinutes(Timestamp) >= toStartOfFiveMinutes(NOW() - INTERVAL 1 HOUR)
  AND Timestamp >= NOW() - INTERVAL 1 HOUR
ORDER BY (toStartOfFiveMinutes(Timestamp), Timestamp) DESC
LIMIT 100;`);
    expect(logs).toEqual(
      [...LOGS].reverse().map((log) => ({ log_time: dateTime64(log.timeNs), Body: log.body })),
    );
    const counts = await run<{
      SeverityText: string;
      count: number;
    }>(`SELECT toDateTime(toStartOfInterval(Timestamp, INTERVAL 60 second)) as time, SeverityText, count() as count
FROM otel_logs
WHERE toStartOfFiveMinutes(Timestamp) >= toStartOfFiveMinutes(NOW() - INTERVAL 1 HOUR)
  AND Timestamp >= NOW() - INTERVAL 1 HOUR
GROUP BY SeverityText, time
ORDER BY time;`);
    const total = (severity: string) =>
      counts.filter((row) => row.SeverityText === severity).reduce((sum, row) => sum + Number(row.count), 0);
    expect([total('INFO'), total('ERROR')]).toEqual([3, 1]);
  });

  it('finds logs by attribute and by body token', async () => {
    const byAttribute = await run<{ Body: string }>(`SELECT Timestamp as log_time, Body
FROM otel_logs
WHERE LogAttributes['payment.channel'] = 'alipay'
  AND Timestamp >= NOW() - INTERVAL 1 HOUR
LIMIT 100;`);
    expect(byAttribute.map((row) => row.Body)).toEqual(['alipay timed out']);
    const byToken = await run<{ Body: string }>(`SELECT Timestamp as log_time, Body
FROM otel_logs
WHERE hasToken(Body, 'risk')
  AND Timestamp >= NOW() - INTERVAL 1 HOUR
LIMIT 100;`);
    expect(byToken.map((row) => row.Body)).toEqual(['risk score 0.12']);
  });

  it('reads every log column of a trace with SELECT *', async () => {
    const rows = await run<Record<string, unknown>>(
      `SELECT * FROM otel_logs WHERE TraceId = '${TRACE}' ORDER BY Timestamp`,
    );
    expect(
      rows.map((row) => [row.Body, row.SpanId, row.SeverityText, row.SeverityNumber, row.ServiceName]),
    ).toEqual([
      ['risk score 0.12', RISK.spanId, 'INFO', 9, 'risk-svc'],
      ['calling alipay', CHANNEL.spanId, 'INFO', 9, 'checkout-svc'],
      ['alipay timed out', CHANNEL.spanId, 'ERROR', 17, 'checkout-svc'],
    ]);
    expect(rows[1]).toMatchObject({
      Timestamp: dateTime64(LOGS[0]!.timeNs),
      TraceId: TRACE,
      ScopeName: 'paylens-interop',
      ScopeVersion: '1.0.0',
      ResourceAttributes: { 'service.name': 'checkout-svc' },
    });
    expect(Object.keys(rows[1]!)).toEqual(
      expect.arrayContaining([
        'TimestampTime',
        'TraceFlags',
        'ResourceSchemaUrl',
        'ScopeSchemaUrl',
        'ScopeAttributes',
        'LogAttributes',
      ]),
    );
  });
});

describe("the Grafana ClickHouse data source's generated queries", () => {
  it('trace search: root spans of a service in the time range', async () => {
    const from = msOf(T0) - 60_000;
    const to = msOf(NOW_NS) + 60_000;
    const rows = await run<{ traceID: string; operationName: string; duration: number }>(
      `SELECT "TraceId" as traceID, "ServiceName" as serviceName, "SpanName" as operationName, "Timestamp" as startTime, multiply("Duration", 0.000001) as duration FROM "default"."otel_traces" WHERE ( Timestamp >= fromUnixTimestamp64Milli(${from}) AND Timestamp <= fromUnixTimestamp64Milli(${to}) ) AND ( ServiceName = 'checkout-svc' ) AND ( ParentSpanId = '' ) AND ( Duration > 0 ) ORDER BY Timestamp DESC, Duration DESC LIMIT 1000`,
    );
    expect(rows.map((row) => [row.traceID, row.operationName])).toEqual([
      [OTHER_TRACE, 'GET /health'],
      [TRACE, 'POST /checkout'],
    ]);
    expect(rows[1]!.duration).toBeCloseTo(1500.000123, 9);
  });

  it('trace view: a trace by id through the trace timestamp table, with tags, status and events', async () => {
    const rows = await run<{
      spanID: string;
      parentSpanID: string;
      serviceName: string;
      operationName: string;
      startTime: number;
      duration: number;
      tags: Record<string, string>[];
      serviceTags: Record<string, string>[];
      statusCode: number;
      logs: { name: string; timestamp: string; fields: Record<string, string>[] }[];
      references: { traceID: string; spanID: string }[];
      kind: string;
      statusMessage: string;
      instrumentationLibraryName: string;
    }>(
      `WITH '${TRACE}' as trace_id, (SELECT min(Start) FROM "default"."otel_traces_trace_id_ts" WHERE TraceId = trace_id) as trace_start, (SELECT max(End) + 1 FROM "default"."otel_traces_trace_id_ts" WHERE TraceId = trace_id) as trace_end SELECT "TraceId" as traceID, "SpanId" as spanID, "ParentSpanId" as parentSpanID, "ServiceName" as serviceName, "SpanName" as operationName, multiply(toUnixTimestamp64Nano("Timestamp"), 0.000001) as startTime, multiply("Duration", 0.000001) as duration, arrayMap(key -> map('key', key, 'value',"SpanAttributes"[key]), mapKeys("SpanAttributes")) as tags, arrayMap(key -> map('key', key, 'value',"ResourceAttributes"[key]), mapKeys("ResourceAttributes")) as serviceTags, if("StatusCode" IN ('Error', 'STATUS_CODE_ERROR'), 2, 0) as statusCode, arrayMap((name, timestamp, attributes) -> tuple(name, toString(toUnixTimestamp64Milli(timestamp)), arrayMap( key -> map('key', key, 'value', attributes[key]), mapKeys(attributes)))::Tuple(name String, timestamp String, fields Array(Map(String, String))), "Events".Name, "Events".Timestamp, "Events".Attributes) AS logs, arrayMap((traceID, spanID, attributes) -> tuple(traceID, spanID, arrayMap(key -> map('key', key, 'value', attributes[key]), mapKeys(attributes)))::Tuple(traceID String, spanID String, tags Array(Map(String, String))), "Links".TraceId, "Links".SpanId, "Links".Attributes) AS references, "SpanKind" as kind, "StatusMessage" as statusMessage, "ScopeName" as instrumentationLibraryName, "ScopeVersion" as instrumentationLibraryVersion, "TraceState" as traceState FROM "default"."otel_traces" WHERE traceID = trace_id AND "Timestamp" >= trace_start AND "Timestamp" <= trace_end LIMIT 1000`,
    );
    expect(rows).toHaveLength(4);
    const channel = rows.find((row) => row.spanID === CHANNEL.spanId)!;
    expect(channel).toMatchObject({
      parentSpanID: ROOT.spanId,
      serviceName: 'checkout-svc',
      operationName: 'alipay.pay',
      statusCode: 2,
      kind: 'Client',
      statusMessage: 'gateway timed out',
      instrumentationLibraryName: 'paylens-interop',
    });
    expect(channel.startTime).toBeCloseTo(Number(CHANNEL.startNs) / 1e6, 0);
    expect(channel.duration).toBeCloseTo(800.000456, 9);
    expect(channel.tags).toContainEqual({ key: 'peer.service', value: 'alipay-gateway' });
    expect(channel.serviceTags).toContainEqual({ key: 'service.name', value: 'checkout-svc' });
    expect(channel.logs).toEqual([
      {
        name: 'exception',
        timestamp: String(msOf(T0 + 810_000_000n)),
        fields: [{ key: 'exception.type', value: 'TimeoutError' }],
      },
    ]);
    expect(rows.find((row) => row.spanID === DB.spanId)!.references).toEqual([
      { traceID: OTHER_TRACE, spanID: 'aaa19b7ec3c1b100', tags: [] },
    ]);
    expect(rows.filter((row) => row.statusCode === 2).map((row) => row.spanID)).toEqual([CHANNEL.spanId]);
  });

  it('logs view: the logs of a trace (trace → logs link)', async () => {
    const from = msOf(T0) - 60_000;
    const to = msOf(NOW_NS) + 60_000;
    const rows = await run<{ body: string; level: string; traceID: string; labels: Record<string, string> }>(
      `SELECT Timestamp as "timestamp", Body as "body", SeverityText as "level", LogAttributes as "labels", TraceId as "traceID" FROM "default"."otel_logs" WHERE ( timestamp >= fromUnixTimestamp64Milli(${from}) AND timestamp <= fromUnixTimestamp64Milli(${to}) ) AND ( traceID = '${TRACE}' ) ORDER BY timestamp DESC LIMIT 1000`,
    );
    expect(rows.map((row) => [row.body, row.level])).toEqual([
      ['alipay timed out', 'ERROR'],
      ['calling alipay', 'INFO'],
      ['risk score 0.12', 'INFO'],
    ]);
    expect(rows[0]!.labels).toEqual({ 'payment.channel': 'alipay' });
  });
});

describe('the columns the exporter inserts', () => {
  // internal/sqltemplates of the exporter: "Column names and types must be the same to preserve
  // compatibility with the exporter's INSERT statements".
  const EXPECTED: Record<string, Record<string, string>> = {
    otel_traces: {
      Timestamp: 'DateTime64(9)',
      TraceId: 'String',
      SpanId: 'String',
      ParentSpanId: 'String',
      TraceState: 'String',
      SpanName: 'LowCardinality(String)',
      SpanKind: 'LowCardinality(String)',
      ServiceName: 'LowCardinality(String)',
      ResourceAttributes: 'Map(LowCardinality(String), String)',
      ScopeName: 'String',
      ScopeVersion: 'String',
      SpanAttributes: 'Map(LowCardinality(String), String)',
      Duration: 'UInt64',
      StatusCode: 'LowCardinality(String)',
      StatusMessage: 'String',
      'Events.Timestamp': 'Array(DateTime64(9))',
      'Events.Name': 'Array(LowCardinality(String))',
      'Events.Attributes': 'Array(Map(LowCardinality(String), String))',
      'Links.TraceId': 'Array(String)',
      'Links.SpanId': 'Array(String)',
      'Links.TraceState': 'Array(String)',
      'Links.Attributes': 'Array(Map(LowCardinality(String), String))',
    },
    otel_traces_trace_id_ts: { TraceId: 'String', Start: 'DateTime', End: 'DateTime' },
    otel_logs: {
      Timestamp: 'DateTime64(9)',
      TimestampTime: 'DateTime',
      TraceId: 'String',
      SpanId: 'String',
      TraceFlags: 'UInt8',
      SeverityText: 'LowCardinality(String)',
      SeverityNumber: 'UInt8',
      ServiceName: 'LowCardinality(String)',
      Body: 'String',
      ResourceSchemaUrl: 'LowCardinality(String)',
      ResourceAttributes: 'Map(LowCardinality(String), String)',
      ScopeSchemaUrl: 'LowCardinality(String)',
      ScopeName: 'String',
      ScopeVersion: 'LowCardinality(String)',
      ScopeAttributes: 'Map(LowCardinality(String), String)',
      LogAttributes: 'Map(LowCardinality(String), String)',
    },
  };

  it.each(Object.keys(EXPECTED))('%s has the exporter column names and types', async (table) => {
    const rows = await driver.query<{ name: string; type: string }>(
      sql`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${table} ORDER BY position`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.name, row.type]))).toEqual(EXPECTED[table]);
  });
});
