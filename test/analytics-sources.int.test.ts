import { sql, UNSAFE_raw } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsContext } from '../server/src/analytics/context.ts';
import { funnel } from '../server/src/analytics/funnel-service.ts';
import { LINK_SPAN_COLUMNS } from '../server/src/analytics/link-spans-source.ts';
import { linkSpanColumnsSql } from '../server/src/analytics/link-spans-sql.ts';
import { type LinkSpansCoverage, readCoverage } from '../server/src/analytics/link-spans-view.ts';
import { stepSeries } from '../server/src/analytics/series-service.ts';
import { stepStats } from '../server/src/analytics/steps-service.ts';
import { stuckJourneys } from '../server/src/analytics/stuck-service.ts';
import { timeoutAnalysis } from '../server/src/analytics/timeouts-service.ts';
import { JourneyStore } from '../server/src/journeys/journey-store.ts';
import { differences, linkSpansIn } from './fixtures/analytics-expected.ts';
import { type AnalyticsHarness, startAnalyticsHarness } from './fixtures/analytics-harness.ts';

// The same questions answered from otel_traces (classified on the fly), from the link spans table,
// and from both across a boundary inside the range must give identical answers.

const FROM = Date.parse('2026-11-21T08:00:00Z');
const JOURNEYS = 1200;
const SPACING_MS = 3000;
const END = FROM + JOURNEYS * SPACING_MS + 60_000;
const NOW = END + 3_600_000;
const range = { from: FROM - 60_000, to: END };
/** Over three hours: long enough for the per-minute rollup. */
const long = { from: FROM - 7_200_000 - 1234, to: END + 4321 };

let h: AnalyticsHarness;

beforeAll(async () => {
  h = await startAnalyticsHarness({
    seed: 99,
    journeys: JOURNEYS,
    fromMs: FROM,
    spacingMs: SPACING_MS,
    failureBoost: 3,
    insert: 'before-app',
    nowMs: NOW,
  });
});
afterAll(async () => {
  await h?.close();
});

function contextWith(coverage: LinkSpansCoverage | undefined): AnalyticsContext {
  const covered = async () => coverage;
  return {
    driver: h.driver,
    link: h.link,
    coverage: covered,
    journeys: new JourneyStore({ driver: h.driver, link: h.link, coverage: covered }),
  };
}

async function everyAnswer(ctx: AnalyticsContext) {
  return {
    steps: await stepStats(ctx, { range, groupBy: ['payment.channel'] }),
    filtered: await stepStats(ctx, { range, filters: { 'deployment.environment.name': ['staging'] } }),
    series: await stepSeries(ctx, { step: 'channel_pay', range, bucketMs: 300_000 }),
    timeouts: await timeoutAnalysis(ctx, { range }),
    shortTimeouts: await timeoutAnalysis(ctx, { range: { from: FROM, to: FROM + 600_000 } }),
    funnel: await funnel(ctx, { range, groupBy: ['deployment.environment.name'] }),
    stuck: await stuckJourneys(ctx, {
      after: 'channel_pay',
      graceMs: 60_000,
      range: { from: range.from, to: NOW },
    }),
  };
}

async function longAnswers(ctx: AnalyticsContext) {
  return {
    steps: await stepStats(ctx, { range: long, groupBy: ['payment.channel'] }),
    filtered: await stepStats(ctx, { range: long, filters: { 'service.name': ['payment-svc'] } }),
    series: await stepSeries(ctx, { step: 'channel_pay', range: long, bucketMs: 600_000 }),
    timeouts: await timeoutAnalysis(ctx, { range: long }),
  };
}

describe('link spans sources', () => {
  it('leaves spans stored before the view to otel_traces', async () => {
    const coverage = await readCoverage(h.driver, h.link);
    expect(coverage).toBeDefined();
    expect(coverage!.coveredFromNs).toBeGreaterThan(BigInt(NOW) * 1_000_000n);
    const [row] = await h.driver.query<{ n: number }>(sql`SELECT count() AS n FROM paylens_link_spans`);
    expect(Number(row!.n)).toBe(0);
  });

  it('answers the same from otel_traces, from the table, and across a boundary', async () => {
    const fromTraces = await everyAnswer(contextWith(undefined));
    expect(fromTraces.steps.steps[0]!.count).toBeGreaterThan(1000);

    // Fill the table as the view would have, then trust it from the beginning, then from midway.
    const columns = UNSAFE_raw(LINK_SPAN_COLUMNS.join(', '));
    await h.driver.command(sql`INSERT INTO paylens_link_spans (Link, ${columns})
      SELECT 'test', ${columns} FROM (SELECT ${linkSpanColumnsSql(h.link)} FROM otel_traces) WHERE Step != ''`);
    const [row] = await h.driver.query<{ n: number }>(sql`SELECT count() AS n FROM paylens_link_spans`);
    expect(Number(row!.n)).toBe(linkSpansIn(h.dataset, { from: 0, to: NOW }).length);

    const fromTable = await everyAnswer(contextWith({ version: 'test', coveredFromNs: 0n }));
    expect(fromTable).toEqual(fromTraces);
    const midwayNs = BigInt(FROM + (JOURNEYS / 2) * SPACING_MS) * 1_000_000n + 123_456n;
    const split = await everyAnswer(contextWith({ version: 'test', coveredFromNs: midwayNs }));
    expect(split).toEqual(fromTraces);

    // Long ranges: exact from the link spans, or from the rollup (whole or from midway), agree
    // on every count and within 1% on quantiles (and so on the budgets suggested from them).
    const exact = await longAnswers(contextWith({ version: 'test', coveredFromNs: 0n }));
    const [rollupRows] = await h.driver.query<{ n: number }>(
      sql`SELECT count() AS n FROM paylens_step_minutes`,
    );
    expect(Number(rollupRows!.n)).toBeGreaterThan(0);
    for (const rollupFromNs of [0n, midwayNs]) {
      const rolled = await longAnswers(contextWith({ version: 'test', coveredFromNs: 0n, rollupFromNs }));
      expect(differences(rolled, exact, '', ['suggestedTimeoutMs', 'detail'])).toEqual([]);
    }
  });
});
