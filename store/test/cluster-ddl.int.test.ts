import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER_WIDE_REPLICA_PATH,
  clusterSchemaStatements,
  distributedStatements,
  isSharded,
  localTableName,
  schemaTables,
  shardingKey,
  toLocalTables,
} from '../src/cluster-ddl.ts';
import type { ClickHouseDriver } from '../src/driver.ts';
import { EmbeddedDriver } from '../src/embedded-driver.ts';
import { loadMigrations, migrate } from '../src/migrate.ts';
import { sql, UNSAFE_raw } from '../src/sql.ts';

const CLUSTER = 'two_shards';
const JOURNEY_KEY = ['payment.order_id', 'order.id'];
const statements = clusterSchemaStatements({ cluster: CLUSTER, journeyKey: JOURNEY_KEY, retentionDays: 30 });
const TABLES = schemaTables();
const SHARDED = TABLES.filter(isSharded);

function createdName(statement: string): { what: string; name: string } | undefined {
  const match = /^CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS (\w+)/.exec(statement);
  return match ? { what: match[1]!, name: match[2]! } : undefined;
}

describe('cluster DDL (generated)', () => {
  it('shards the span-sized tables (those with a TraceId, and the step rollup fed from them), and only those', () => {
    expect(SHARDED.slice(0, 5)).toEqual([
      'otel_traces',
      'otel_traces_trace_id_ts',
      'otel_logs',
      'paylens_trace_summary',
      'paylens_journey_index',
    ]);
    const rendered = loadMigrations({}).flatMap((m) => m.statements);
    for (const table of TABLES) {
      const statement = rendered.find((s) => createdName(s)?.name === table)!;
      const fedFromShards = table === 'paylens_step_minutes' || table === 'paylens_slo_minutes';
      // Written by the journey builder, which reads a whole journey's traces at once.
      const builtByServer = table === 'paylens_trace_journeys';
      expect(isSharded(table), table).toBe(
        fedFromShards || (!builtByServer && /\bTraceId String\b/.test(statement)),
      );
    }
    for (const table of [
      'otel_traces',
      'otel_traces_trace_id_ts',
      'paylens_trace_summary',
      'paylens_journey_index',
    ]) {
      expect(shardingKey(table)).toBe('cityHash64(TraceId)');
    }
  });

  it('creates local tables ON CLUSTER, then a Distributed table under each sharded public name', () => {
    const tables = statements.map(createdName).filter((c) => c?.what === 'TABLE');
    const expected = [...TABLES.map((t) => (isSharded(t) ? localTableName(t) : t)), ...SHARDED];
    // A table a later schema file drops and recreates (paylens_journeys, 0028) is created twice.
    expect([...new Set(tables.map((c) => c!.name))]).toEqual(expected);
    for (const statement of statements) expect(statement).toContain(`ON CLUSTER \`${CLUSTER}\``);
    const traces = statements.find((s) => s.includes('TABLE IF NOT EXISTS otel_traces_local'));
    expect(traces).toContain('ENGINE = ReplicatedMergeTree()');
    expect(traces).toContain('TTL toDateTime(Timestamp) + toIntervalDay(30)');
    expect(distributedStatements(CLUSTER)[0]).toBe(
      `CREATE TABLE IF NOT EXISTS otel_traces ON CLUSTER \`${CLUSTER}\` AS otel_traces_local
ENGINE = Distributed('${CLUSTER}', currentDatabase(), 'otel_traces_local', cityHash64(TraceId))`,
    );
  });

  it('replicates the small tables to every node, read with FINAL from any of them', () => {
    const small = statements.filter((s) => {
      const created = createdName(s);
      return created?.what === 'TABLE' && TABLES.includes(created.name) && !isSharded(created.name);
    });
    expect(new Set(small.map((s) => createdName(s)!.name)).size).toBe(TABLES.length - SHARDED.length);
    for (const statement of small) {
      expect(statement).toMatch(
        new RegExp(
          `ENGINE = Replicated\\w*MergeTree\\('${CLUSTER_WIDE_REPLICA_PATH.replace(/[{}]/g, '\\$&')}', '\\{replica\\}'`,
        ),
      );
    }
  });

  it('feeds every materialized view from a local table into a local table', () => {
    const views = statements.filter((s) => s.startsWith('CREATE MATERIALIZED VIEW'));
    expect(views.map((s) => createdName(s)!.name)).toEqual(
      expect.arrayContaining([
        'otel_traces_trace_id_ts_mv',
        'paylens_trace_summary_mv',
        'paylens_journey_index_mv',
      ]),
    );
    for (const view of views) {
      expect(view).toMatch(/\bTO \w+_local\b/);
      expect(view).toMatch(/\bFROM \w+_local\b/);
    }
  });

  it('is what migrate() runs with --cluster, after its bookkeeping tables', async () => {
    const commands: string[] = [];
    const recorder: ClickHouseDriver = {
      kind: 'server',
      query: async () => [],
      command: async (query) => {
        commands.push(query.build().text);
      },
      insert: async () => {},
      ping: async () => true,
      close: async () => {},
    };
    await migrate(recorder, { cluster: CLUSTER, journeyKey: JOURNEY_KEY, retentionDays: 30 });
    // Left out: the bookkeeping tables, and the derived views dropped before they are made again.
    const derivedDrop =
      /^DROP VIEW IF EXISTS (paylens_trace_summary_mv|paylens_journey_index_mv|paylens_trace_log_keys_mv) /;
    const ddl = commands.filter((c) => !/paylens_schema_(migrations|state)/.test(c) && !derivedDrop.test(c));
    expect(ddl).toEqual(statements);
  });

  it('renames whole table names only', () => {
    expect(
      toLocalTables(
        'FROM otel_traces JOIN otel_traces_trace_id_ts USING TraceId -- otel_traces_trace_id_ts_mv',
      ),
    ).toBe(
      'FROM otel_traces_local JOIN otel_traces_trace_id_ts_local USING TraceId -- otel_traces_trace_id_ts_mv',
    );
  });

  it('refuses a cluster name that is not an identifier', () => {
    expect(() => distributedStatements("c1') --")).toThrow(/invalid cluster name/);
    expect(() => clusterSchemaStatements({ cluster: 'a b', journeyKey: [] })).toThrow(/invalid cluster name/);
  });
});

describe('cluster DDL on the engine (chDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-cluster-'));
  let driver: EmbeddedDriver;
  beforeAll(() => {
    driver = new EmbeddedDriver(dir);
  });
  afterAll(async () => {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses every statement, ON CLUSTER and engines included', async () => {
    for (const statement of statements) {
      const [row] = await driver.query<{ formatted: string }>(
        sql`SELECT formatQuery(${statement}) AS formatted`,
      );
      expect(row!.formatted).toContain(`ON CLUSTER ${CLUSTER}`);
      const [ast] = await driver.query<{ explain: string }>(sql`EXPLAIN AST ${UNSAFE_raw(statement)}`);
      expect(ast!.explain).toMatch(/^(CreateQuery|AlterQuery|DropQuery)/);
    }
  });

  it('runs the shard-local part on one node: the views fill the local tables', async () => {
    // A single node has no cluster: drop ON CLUSTER and replication, keep everything else as is.
    const local = statements
      .filter((s) => !s.includes('ENGINE = Distributed'))
      .map((s) =>
        s
          .replace(` ON CLUSTER \`${CLUSTER}\``, '')
          .replace(/Replicated(\w*)MergeTree\('[^']*', '[^']*'(?:, )?/, '$1MergeTree(')
          .replace(/Replicated(\w*MergeTree)/, '$1'),
      );
    for (const statement of local) await driver.command(sql`${UNSAFE_raw(statement)}`);
    const span = (spanId: string, parent: string, startNs: string, durationNs: number) =>
      JSON.stringify({
        Timestamp: startNs,
        TraceId: 'a'.repeat(32),
        SpanId: spanId,
        ParentSpanId: parent,
        SpanName: parent ? 'risk.evaluate' : 'POST /orders',
        SpanKind: 'Server',
        ServiceName: parent ? 'risk-svc' : 'order-svc',
        SpanAttributes: { 'payment.order_id': 'ord-1' },
        Duration: durationNs,
        StatusCode: 'Unset',
      });
    const now = BigInt(Date.now()) * 1_000_000n;
    await driver.insert({
      table: 'otel_traces_local',
      body: Buffer.from(
        `${span('1'.repeat(16), '', String(now), 90_000_000)}\n${span('2'.repeat(16), '1'.repeat(16), String(now + 5_000_000n), 40_000_000)}\n`,
      ),
    });
    const summary = await driver.query<{ spans: number; root: string; key: string; durationNs: number }>(sql`
      SELECT sum(SpanCount) AS spans, max(RootName) AS root, max(JourneyKey) AS key,
             toUnixTimestamp64Nano(max(End)) - toUnixTimestamp64Nano(min(Start)) AS durationNs
      FROM paylens_trace_summary_local GROUP BY TraceId`);
    expect(summary).toEqual([{ spans: 2, root: 'POST /orders', key: 'ord-1', durationNs: 90_000_000 }]);
    const journeys = await driver.query<{ JourneyKey: string }>(
      sql`SELECT JourneyKey FROM paylens_journey_index_local`,
    );
    expect(journeys).toEqual([{ JourneyKey: 'ord-1' }]);
    const ids = await driver.query<{ n: number }>(
      sql`SELECT count() AS n FROM otel_traces_trace_id_ts_local`,
    );
    expect(ids).toEqual([{ n: 1 }]);
  });
});
