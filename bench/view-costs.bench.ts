// What each materialized view costs the engine's insert of spans (issue #11: "report what each
// part costs"): the same rows inserted into otel_traces with every view paylens creates, then with
// one view left out at a time, then into a bare table. A view's cost is the time per span it adds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultDecoders } from '../collector/src/default-decoders.ts';
import { ensureLinkSpansView } from '../server/src/analytics/link-spans-view.ts';
import { journeyKeyOf } from '../server/src/link/link-set.ts';
import { ensureSloMinutesView } from '../server/src/slo/slo-minutes-view.ts';
import { EmbeddedDriver } from '../store/src/embedded-driver.ts';
import { migrate } from '../store/src/migrate.ts';
import { SPAN_COLUMNS } from '../store/src/rows.ts';
import { sql, UNSAFE_raw } from '../store/src/sql.ts';
import { buildTracePayloads } from './support/payloads.ts';
import { benchLinks } from './support/three-links.ts';

const TOTAL = Number(process.env.BENCH_INGEST_SPANS ?? 200_000);
const BATCH_SIZES = [1000, 2000, 5000];

const { payloads, spans } = buildTracePayloads(TOTAL, BATCH_SIZES);
const decoders = createDefaultDecoders();
const bodies = payloads.map((payload) =>
  decoders.serialize(decoders.traces(payload, 'protobuf').rows, SPAN_COLUMNS),
);
const dir = mkdtempSync(join(tmpdir(), 'paylens-bench-views-'));
const driver = new EmbeddedDriver(dir);
try {
  const links = benchLinks(1);
  await migrate(driver, { journeyKey: journeyKeyOf(links) });
  await ensureLinkSpansView(driver, links.links);
  await ensureSloMinutesView(driver, links.defaultLink);
  let round = 0;
  /** Microseconds per span of inserting every payload into `table`. */
  const usPerSpan = async (table: string) => {
    const started = performance.now();
    round++;
    let i = 0;
    for (const body of bodies)
      await driver.insert({
        table,
        body,
        columns: SPAN_COLUMNS,
        deduplicationToken: `${table}-${round}-${i++}`,
      });
    return ((performance.now() - started) * 1000) / spans;
  };
  const views = await driver.query<{ name: string; create: string }>(sql`
    SELECT name, create_table_query AS create FROM system.tables
    WHERE database = currentDatabase() AND engine = 'MaterializedView' ORDER BY name`);
  await driver.command(sql`CREATE DATABASE IF NOT EXISTS bare`);
  await driver.command(sql`CREATE TABLE bare.otel_traces AS otel_traces`);
  await usPerSpan('otel_traces'); // warm-up: first parts, caches
  const bare = await usPerSpan('bare.otel_traces');
  const all = await usPerSpan('otel_traces');
  const rows: Record<string, Record<string, string>> = {};
  for (const view of views) {
    // Each removal beside a pass with every view just before it: the tables grow and merge as the
    // run goes on, so a single baseline at the start drifts.
    const withIt = await usPerSpan('otel_traces');
    // Names come from system.tables of this scratch database: an allow-list of one.
    await driver.command(sql`DROP VIEW ${UNSAFE_raw(`\`${view.name.replaceAll('`', '')}\``)}`);
    const without = await usPerSpan('otel_traces');
    await driver.command(sql`${UNSAFE_raw(view.create)}`);
    rows[view.name] = {
      'with it µs/span': withIt.toFixed(2),
      'without µs/span': without.toFixed(2),
      'its cost µs/span': (withIt - without).toFixed(2),
      'share of the views': `${(((withIt - without) / (withIt - bare)) * 100).toFixed(0)} %`,
    };
  }
  const fmt = (us: number) => Math.round(1e6 / us).toLocaleString('en-US');
  console.log(
    `${spans} spans; with every view ${all.toFixed(2)} µs/span (${fmt(all)} spans/s), bare table ${bare.toFixed(2)} µs/span (${fmt(bare)} spans/s)`,
  );
  console.log('each view left out in turn (a view feeding another takes that one with it):');
  console.table(rows);
} finally {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
}
