import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlFragment, sql, TrustedSql, UNSAFE_raw } from '@paylens/store';
import { clusterSchemaStatements } from '@paylens/store/cluster-ddl';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSpansVersion, linkSpansViewStatement } from '../../src/analytics/link-spans-view.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';

const CLUSTER = 'two_shards';
const ON_CLUSTER = ` ON CLUSTER \`${CLUSTER}\``;
const link = loadLinkFile(DEFAULT_LINK_FILE);
const refund = { ...link, name: 'refund', steps: [{ id: 'refund', match: { span: 'POST /refunds' } }] };
const statements = [
  linkSpansViewStatement([link], false, CLUSTER),
  linkSpansViewStatement([link, refund], true, CLUSTER),
];
const texts = statements.map((s) => s.build().text);

/** The statement as one node without a cluster runs it: ON CLUSTER dropped, everything else kept. */
function onOneNode(fragment: SqlFragment): SqlFragment {
  const holes = fragment.holes.map((hole) =>
    hole instanceof TrustedSql ? UNSAFE_raw(hole.text.replace(ON_CLUSTER, '')) : hole,
  );
  return new SqlFragment(fragment.strings, holes);
}

describe('link spans view DDL on a cluster (generated)', () => {
  it('creates the view ON CLUSTER from otel_traces_local into paylens_link_spans_local', () => {
    const view = texts[0]!;
    expect(
      view.startsWith(
        'CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_link_spans_mv ON CLUSTER `two_shards` TO paylens_link_spans_local AS ',
      ),
    ).toBe(true);
    expect(view).toContain(' FROM otel_traces_local)');
    // No Distributed (public) table is named anywhere in the view.
    expect(view).not.toMatch(/\b(otel_traces|paylens_link_spans)\b/);
  });

  it('replaces the query in place ON CLUSTER when the view exists, for all links at once', () => {
    const text = linkSpansViewStatement([link, refund], true, CLUSTER).build().text;
    expect(
      text.startsWith('ALTER TABLE paylens_link_spans_mv ON CLUSTER `two_shards` MODIFY QUERY SELECT '),
    ).toBe(true);
    expect(text).toContain('ARRAY JOIN');
    expect(text).toContain(' FROM otel_traces_local ARRAY JOIN');
  });

  it('classifies with the same rules as without a cluster', () => {
    const single = linkSpansViewStatement([link], false).build();
    expect(single.text).toMatch(
      /^CREATE MATERIALIZED VIEW IF NOT EXISTS paylens_link_spans_mv TO paylens_link_spans AS /,
    );
    expect(statements[0]!.build().params).toEqual(single.params);
    expect(Object.values(single.params)).toContain(linkSpansVersion(link));
  });

  it('refuses a cluster name that is not an identifier', () => {
    expect(() => linkSpansViewStatement([link], false, 'c1` --')).toThrow(/invalid cluster name/);
    expect(() => linkSpansViewStatement([link], true, 'a b')).toThrow(/invalid cluster name/);
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
      expect(ast!.explain).toMatch(/^(CreateQuery|AlterQuery)/);
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
    await driver.command(onOneNode(statements[0]!));
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
    const rows = await driver.query<{ Link: string; Step: string; SpanKey: string }>(
      sql`SELECT Link, Step, SpanKey FROM paylens_link_spans_local`,
    );
    expect(rows).toEqual([{ Link: linkSpansVersion(link), Step: 'create_order', SpanKey: 'ord-7' }]);
  });
});
