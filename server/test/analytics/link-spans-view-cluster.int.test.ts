import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlFragment, sql, TrustedSql, UNSAFE_raw } from '@paylens/store';
import { clusterSchemaStatements } from '@paylens/store/cluster-ddl';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSpansViewStatements } from '../../src/analytics/link-spans-view.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';

const CLUSTER = 'two_shards';
const ON_CLUSTER = ` ON CLUSTER \`${CLUSTER}\``;
const link = loadLinkFile(DEFAULT_LINK_FILE);
const statements = linkSpansViewStatements(link, CLUSTER);
const texts = statements.map((s) => s.build().text);

/** The statement as one node without a cluster runs it: ON CLUSTER dropped, everything else kept. */
function onOneNode(fragment: SqlFragment): SqlFragment {
  const holes = fragment.holes.map((hole) =>
    hole instanceof TrustedSql ? UNSAFE_raw(hole.text.replace(ON_CLUSTER, '')) : hole,
  );
  return new SqlFragment(fragment.strings, holes);
}

describe('link spans view DDL on a cluster (generated)', () => {
  it('drops the view and empties the shard-local tables ON CLUSTER', () => {
    expect(texts.slice(0, 3)).toEqual([
      'DROP VIEW IF EXISTS paylens_link_spans_mv ON CLUSTER `two_shards`',
      'TRUNCATE TABLE IF EXISTS paylens_link_spans_local ON CLUSTER `two_shards`',
      'TRUNCATE TABLE IF EXISTS paylens_step_minutes_local ON CLUSTER `two_shards`',
    ]);
  });

  it('creates the view ON CLUSTER from otel_traces_local into paylens_link_spans_local', () => {
    const view = texts[3]!;
    expect(
      view.startsWith(
        'CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_link_spans_mv ON CLUSTER `two_shards` TO paylens_link_spans_local\n',
      ),
    ).toBe(true);
    expect(view).toContain(' FROM otel_traces_local)');
    // No Distributed (public) table is named anywhere in the view.
    expect(view).not.toMatch(/\b(otel_traces|paylens_link_spans)\b/);
  });

  it('classifies with the same rules as without a cluster', () => {
    const single = linkSpansViewStatements(link).map((s) => s.build());
    expect(single.map((s) => s.text)).toEqual([
      'DROP VIEW IF EXISTS paylens_link_spans_mv',
      'TRUNCATE TABLE IF EXISTS paylens_link_spans',
      'TRUNCATE TABLE IF EXISTS paylens_step_minutes',
      expect.stringMatching(
        /^CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_link_spans_mv TO paylens_link_spans\n/,
      ),
    ]);
    expect(statements[3]!.build().params).toEqual(single[3]!.params);
  });

  it('refuses a cluster name that is not an identifier', () => {
    expect(() => linkSpansViewStatements(link, 'c1` --')).toThrow(/invalid cluster name/);
    expect(() => linkSpansViewStatements(link, 'a b')).toThrow(/invalid cluster name/);
  });
});

describe('link spans view DDL on the engine (chDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-link-view-cluster-'));
  let driver: EmbeddedDriver;
  beforeAll(() => {
    driver = new EmbeddedDriver(dir);
  });
  afterAll(async () => {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses every statement, ON CLUSTER included', async () => {
    for (const statement of statements) {
      const [ast] = await driver.query<{ explain: string }>(sql`EXPLAIN AST ${statement}`);
      expect(ast!.explain).toMatch(/^(CreateQuery|DropQuery|TruncateQuery)/);
      const { text } = statement.build();
      const [row] = await driver.query<{ formatted: string }>(sql`SELECT formatQuery(${text}) AS formatted`);
      expect(row!.formatted).toContain(`ON CLUSTER ${CLUSTER}`);
    }
  });

  it('on one node of the shard-local schema, the view fills paylens_link_spans_local', async () => {
    const schema = clusterSchemaStatements({ cluster: CLUSTER, journeyKey: link.journeyKey })
      .filter((s) => !s.includes('ENGINE = Distributed'))
      .map((s) =>
        s
          .replace(ON_CLUSTER, '')
          .replace(/Replicated(\w*)MergeTree\('[^']*', '[^']*'(?:, )?/, '$1MergeTree(')
          .replace(/Replicated(\w*MergeTree)/, '$1'),
      );
    for (const statement of schema) await driver.command(sql`${UNSAFE_raw(statement)}`);
    for (const statement of statements) await driver.command(onOneNode(statement));
    const span = JSON.stringify({
      Timestamp: String(BigInt(Date.now()) * 1_000_000n),
      TraceId: 'b'.repeat(32),
      SpanId: '1'.repeat(16),
      ParentSpanId: '',
      SpanName: 'POST /orders',
      SpanKind: 'Server',
      ServiceName: 'order-svc',
      SpanAttributes: { 'payment.order_id': 'ord-7' },
      Duration: 90_000_000,
      StatusCode: 'Unset',
    });
    await driver.insert({ table: 'otel_traces_local', body: Buffer.from(`${span}\n`) });
    const rows = await driver.query<{ Step: string; SpanKey: string }>(
      sql`SELECT Step, SpanKey FROM paylens_link_spans_local`,
    );
    expect(rows).toEqual([{ Step: 'create_order', SpanKey: 'ord-7' }]);
  });
});
