import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { rangeFromMs } from '../server/src/analytics/link-spans-source.ts';
import { slotsVersion } from '../server/src/journeys/funnel-slots-sql.ts';
import type { Range } from './fixtures/analytics-expected.ts';
import { expectValuesAsExact } from './support/funnel-paths.ts';
import {
  apiClient,
  expectFunnel,
  hourWindow,
  settle,
  startJourneyPaylens,
} from './support/journey-checks.ts';
import { modelJourneys } from './support/journey-model.ts';
import { merge, payment, shapePlans } from './support/journey-shapes.ts';
import { withWorth } from './support/journey-worth.ts';
import type { TestPaylens } from './support/paylens-harness.ts';
import { SdkSender } from './support/sdk-sender.ts';

// Issue #11: the funnel rollup's slots carry value sums since slot format s2. A store built before
// (slots without value rows, under the journey version alone, no Amount column) must never be
// read as journeys worth nothing: after the upgrade the funnel counts journeys exactly until the
// builder has recomputed the old slots from the stored journeys, then reads the rollup again.

const MINUTE_MS = 60_000;
/** A little over four hours, partial slots at both ends. */
const r: Range = { from: hourWindow(1).from + 7 * MINUTE_MS, to: hourWindow(5).from + 13 * MINUTE_MS };
const payments = withWorth(
  [
    ...shapePlans('early', r.from + 30_000),
    ...shapePlans('middle', hourWindow(2).from + 3 * MINUTE_MS),
    ...shapePlans('later', hourWindow(3).from + 41 * MINUTE_MS),
    ...shapePlans('late', r.to - 150_000),
  ].map(payment),
);
const sent = merge(...payments.map((p) => merge(p.checkout, p.callback)));

const dataDir = mkdtempSync(join(tmpdir(), 'paylens-slot-format-'));
let paylens: TestPaylens | undefined;
afterAll(async () => {
  await paylens?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Turns the store's funnel slots into what the code before slot format s2 left: the count rows
 * under the journey version alone, no value rows, no Amount column, no record of the format's
 * upgrade, migration 0046 not applied.
 */
async function asBeforeValueRows(journeyVersion: string): Promise<void> {
  const driver = new EmbeddedDriver(join(dataDir, 'clickhouse'));
  const current = slotsVersion(journeyVersion);
  await driver.command(sql`
    INSERT INTO paylens_funnel_slots (LinkVersion, Slot, Computed, Dims, Measure, Step, Key, Count)
    SELECT ${journeyVersion}, Slot, Computed, Dims, Measure, Step, Key, Count FROM paylens_funnel_slots
    WHERE LinkVersion = ${current} AND Measure != 'value'`);
  await driver.command(sql`DELETE FROM paylens_funnel_slots WHERE LinkVersion = ${current}`);
  await driver.command(sql`ALTER TABLE paylens_funnel_slots DROP COLUMN Amount`);
  await driver.command(sql`DELETE FROM paylens_journey_builds WHERE LinkVersion = ${current}`);
  await driver.command(sql`DELETE FROM paylens_schema_migrations WHERE version = 46`);
  await driver.close();
}

describe('funnel slots written before they carried values', () => {
  it('are not read until recomputed; then the rollup answers every value figure as sent', async () => {
    paylens = await startJourneyPaylens({ dataDir });
    const sender = new SdkSender(paylens.otlpUrl!);
    await sender.send(sent);
    await sender.shutdown();
    await settle(paylens);
    const { version } = analyticsContext({ driver: paylens.driver, link: paylens.link }).journeys;
    await paylens.stop();
    paylens = undefined;
    await asBeforeValueRows(version);

    // Restarted without the background builder, so the upgrade runs when the test says.
    paylens = await startJourneyPaylens({ dataDir, env: { PAYLENS_ALERTING: 'off' } });
    const api = apiClient(paylens.apiUrl!);
    const ctx = analyticsContext({ driver: paylens.driver, link: paylens.link });
    expect(ctx.journeys.version).toBe(version);
    await settle(paylens);
    expect(await ctx.journeys.funnelSlots(rangeFromMs(r))).toBeUndefined();
    const exact = await expectFunnel(api, paylens.link, sent, r);
    expect(exact.journeys).toBe(modelJourneys(sent, paylens.link, r).length);

    // One chunk (an hour of slots, newest first): the range still reaches older slots.
    expect(await ctx.journeys.upgradeSlots(0)).toBe(false);
    expect(await ctx.journeys.funnelSlots(rangeFromMs(r))).toBeUndefined();
    await expectFunnel(api, paylens.link, sent, r);

    expect(await ctx.journeys.upgradeSlots(Number.POSITIVE_INFINITY)).toBe(true);
    expect(await ctx.journeys.funnelSlots(rangeFromMs(r))).toBeDefined();
    await expectFunnel(api, paylens.link, sent, r);
    await expectValuesAsExact(ctx, r);
  }, 300_000);
});
