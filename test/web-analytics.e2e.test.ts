import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from './e2e/a11y.ts';
import { launchChromium, screenshot } from './e2e/browser.ts';
import { msMatches, parseDisplayedCount, percentMatches } from './e2e/displayed.ts';
import { type E2ePaylens, startE2ePaylens } from './e2e/paylens.ts';
import { seedStore } from './e2e/seed-store.ts';
import { text, withPage as withPageOf } from './e2e/session.ts';

type Ms = number | null;
interface Quantiles {
  count: number;
  errors: number;
  timeouts: number;
  p50: Ms;
  p90: Ms;
  p95: Ms;
  p99: Ms;
  p999: Ms;
  max: Ms;
}
interface Steps {
  steps: (Quantiles & { step: string; groups: (Quantiles & { key: Record<string, string> })[] })[];
}
interface Timeouts {
  hotspots: { step: string; calls: number; timeouts: number; timeoutRate: number; p99: Ms; timeoutMs: Ms }[];
  inversions: unknown[];
}
interface FunnelStep {
  step: string;
  entered: number;
  succeeded: number;
  failed: number;
  dropped: number;
  conversionFromStart: number | null;
  conversionFromPrevious: number | null;
  p50MsFromPrevious: Ms;
  p90MsFromPrevious: Ms;
  /** The journey model's figures: absent from servers before it. */
  attempts?: number;
  retried?: number;
  overlapped?: number;
  topErrors: { message: string; count: number; attempts?: number }[];
}
interface Completed {
  count: number;
  p50: Ms;
  p90: Ms;
  p99: Ms;
}
interface Funnel {
  journeys: number;
  steps: FunnelStep[];
  completed: Completed;
  groups: { key: Record<string, string>; journeys: number; steps: FunnelStep[]; completed?: Completed }[];
}
interface Stuck {
  total?: number;
  journeys: { key: string }[];
}
interface TraceList {
  traces: { traceId: string }[];
}

let paylens: E2ePaylens;
let browser: Browser;
let range: string;

beforeAll(async () => {
  const nowMs = Date.now();
  [paylens, browser] = await Promise.all([startE2ePaylens(), launchChromium()]);
  await seedStore(paylens, nowMs);
  range = `from=${nowMs - 2 * 3_600_000}&to=${nowMs + 60_000}`;
});

afterAll(async () => {
  await browser?.close();
  await paylens?.close();
});

const withPage = (fn: (w: { page: Page }) => Promise<void>, theme: 'light' | 'dark' = 'light') =>
  withPageOf(browser, paylens.baseUrl, fn, theme);

const QUANTILE_COLUMNS = ['p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const;

/** The counts in a displayed text, in order ("1,204 attempts · 87 retried" → [1204, 87]). */
const countsIn = (shown: string) => (shown.match(/\d[\d,]*/g) ?? []).map(parseDisplayedCount);

/** Checks one funnel step's journey-model figures (attempts, waits, overlapped, top errors) against the API's. */
async function expectJourneyFigures(page: Page, s: FunnelStep, first: boolean) {
  const li = page.locator(`.funnel-step[data-step="${s.step}"]`);
  const attempts = li.locator('[data-field="attempts"]');
  if (s.attempts === undefined) expect(await attempts.count()).toBe(0);
  else {
    const shown = await text(attempts);
    expect(shown, `${s.step} attempts`).toMatch(/^[\d,]+ attempts?( · [\d,]+ retried)?$/);
    expect(countsIn(shown)).toEqual(s.retried === undefined ? [s.attempts] : [s.attempts, s.retried]);
  }
  if (!first) {
    // Waits are never shown negative, whatever the server sends.
    const waits = (await text(li.locator('[data-field="waits"]'))).split(' / ');
    for (const [k, value] of [s.p50MsFromPrevious, s.p90MsFromPrevious].entries()) {
      if (value === null) expect(waits[k]).toBe('—');
      else
        expect(msMatches(waits[k]!, Math.max(0, value)), `${s.step} wait ${waits[k]} vs ${value}`).toBe(true);
    }
  }
  const overlapped = li.locator('[data-field="overlapped"]');
  if (!first && (s.overlapped ?? 0) > 0) {
    const shown = await text(overlapped);
    expect(shown).toMatch(/overlapped: [\d,]+$/);
    expect(countsIn(shown)).toEqual([s.overlapped]);
  } else expect(await overlapped.count()).toBe(0);
  const errors = li.locator('.top-errors li');
  expect(await errors.count()).toBe(s.topErrors.length);
  for (const [k, e] of s.topErrors.entries()) {
    const shown = await text(errors.nth(k).locator('[data-field="error-count"]'));
    if (e.attempts === undefined) {
      expect(shown).toMatch(/^[\d,]+ journeys?$/);
      expect(countsIn(shown)).toEqual([e.count]);
    } else {
      expect(shown).toMatch(/^[\d,]+ journeys? \([\d,]+ attempts?\)$/);
      expect(countsIn(shown)).toEqual([e.count, e.attempts]);
    }
    expect(await errors.nth(k).getAttribute('data-message')).toBe(e.message);
  }
}

/** Checks one step-table row against the API's figures. */
async function expectStatRow(page: Page, selector: string, stats: Quantiles) {
  const row = page.locator(selector).first();
  expect(parseDisplayedCount(await text(row.locator('[data-col="count"]')))).toBe(stats.count);
  expect(
    percentMatches(
      await text(row.locator('[data-col="errors"]')),
      stats.count ? stats.errors / stats.count : null,
    ),
  ).toBe(true);
  expect(
    percentMatches(
      await text(row.locator('[data-col="timeouts"]')),
      stats.count ? stats.timeouts / stats.count : null,
    ),
  ).toBe(true);
  for (const q of QUANTILE_COLUMNS) {
    const shown = await text(row.locator(`[data-col="${q}"]`));
    const value = stats[q];
    if (value === null) expect(shown).toBe('—');
    else expect(msMatches(shown, value), `${selector} ${q}: ${shown} vs ${value}`).toBe(true);
  }
}

describe('overview', () => {
  it('shows the step table, series and hotspots from the API', async () => {
    const steps = await paylens.api<Steps>(`/api/v1/steps?${range}`);
    const timeouts = await paylens.api<Timeouts>(`/api/v1/timeouts?${range}`);
    await withPage(async ({ page }) => {
      const seriesUrls: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/v1/steps/series'))
          seriesUrls.push(new URL(r.url()).pathname + new URL(r.url()).search);
      });
      await page.goto(`/?${range}`);
      await page.locator('table[aria-label="Step latency"] tbody tr').first().waitFor();
      for (const s of steps.steps)
        await expectStatRow(page, `table[aria-label="Step latency"] tr[data-step="${s.step}"]`, s);

      // Each chart's "latest" figures are the last non-empty point of the same series request.
      const channel = page.getByTestId('series-channel_pay');
      await channel.locator('[data-testid="latest-p99"]').waitFor();
      const url = seriesUrls.find((u) => u.includes('step=channel_pay'))!;
      const series = await paylens.api<{ points: { count: number; p50: Ms; p99: Ms }[] }>(url);
      const last = [...series.points].reverse().find((p) => p.count > 0)!;
      expect(msMatches(await text(channel.locator('[data-testid="latest-p99"]')), last.p99!)).toBe(true);
      expect(msMatches(await text(channel.locator('[data-testid="latest-p50"]')), last.p50!)).toBe(true);

      const hotspotRows = page.locator('table[aria-label="Timeout hotspots"] tbody tr');
      expect(await hotspotRows.count()).toBe(timeouts.hotspots.length);
      for (const [i, h] of timeouts.hotspots.entries()) {
        const row = hotspotRows.nth(i);
        expect(parseDisplayedCount(await text(row.locator('[data-col="calls"]')))).toBe(h.calls);
        expect(parseDisplayedCount(await text(row.locator('[data-col="timeouts"]')))).toBe(h.timeouts);
        expect(percentMatches(await text(row.locator('[data-col="rate"]')), h.timeoutRate)).toBe(true);
      }
      expect(await page.locator('ul[aria-label="Budget inversions"] li').count()).toBe(
        timeouts.inversions.length,
      );
      await page.locator('.recharts-line').first().waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'overview');
    });
  });

  it('restores group-by and a dimension filter from the URL, and switches theme and range', async () => {
    const steps = await paylens.api<Steps>(
      `/api/v1/steps?${range}&groupBy=payment.channel&payment.channel=alipay`,
    );
    await withPage(async ({ page }) => {
      await page.goto(`/?${range}&groupBy=payment.channel&f.payment.channel=alipay`);
      await page.locator('table[aria-label="Step latency"] tbody tr').first().waitFor();
      expect(await page.getByLabel('payment.channel', { exact: true }).inputValue()).toBe('alipay');
      for (const s of steps.steps) {
        await expectStatRow(page, `tr[data-step="${s.step}"]:not(.group-row)`, s);
        for (const g of s.groups) {
          await expectStatRow(
            page,
            `tr.group-row[data-step="${s.step}"][data-group="${Object.values(g.key).join(' · ')}"]`,
            g,
          );
        }
      }
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'overview-dark');
      await page.getByLabel('Time range').selectOption('6h');
      await page.waitForURL((url) => url.searchParams.get('range') === '6h' && !url.searchParams.has('from'));
      // A custom window goes into the URL as epoch milliseconds.
      await page.getByLabel('Time range').selectOption('custom');
      await page.getByLabel('From', { exact: true }).fill('2026-01-02T03:04');
      await page.getByLabel('To', { exact: true }).fill('2026-01-02T05:04');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(
        (url) => Number(url.searchParams.get('to')) - Number(url.searchParams.get('from')) === 7_200_000,
      );
      expect(new URL(page.url()).searchParams.has('range')).toBe(false);
    });
  });
});

describe('funnel', () => {
  it('shows the API funnel, groups and stuck payments, and leads to failing traces and a waterfall by clicks', async () => {
    const funnel = await paylens.api<Funnel>(`/api/v1/funnel?${range}&groupBy=payment.channel`);
    await withPage(async ({ page }) => {
      await page.goto(`/funnel?${range}`);
      await page.locator('.funnel-step').first().waitFor();
      const summary = page.getByTestId('funnel-summary');
      expect(parseDisplayedCount(await text(summary.locator('[data-field="journeys"]')))).toBe(
        funnel.journeys,
      );
      expect(parseDisplayedCount(await text(summary.locator('[data-field="completed"]')))).toBe(
        funnel.completed.count,
      );
      for (const q of ['p50', 'p90', 'p99'] as const) {
        const value = funnel.completed[q];
        const shown = await text(summary.locator(`[data-field="completed-${q}"]`));
        if (value === null) expect(shown).toBe('—');
        else expect(msMatches(shown, value)).toBe(true);
      }
      for (const s of funnel.steps) {
        const li = page.locator(`.funnel-step[data-step="${s.step}"]`);
        for (const f of ['entered', 'succeeded', 'failed', 'dropped'] as const) {
          expect(parseDisplayedCount(await text(li.locator(`[data-field="${f}"]`))), `${s.step} ${f}`).toBe(
            s[f],
          );
        }
        expect(
          percentMatches(await text(li.locator('[data-field="conversionFromStart"]')), s.conversionFromStart),
        ).toBe(true);
      }
      for (const [i, s] of funnel.steps.entries()) await expectJourneyFigures(page, s, i === 0);
      const groupRows = page.locator('table[aria-label="Conversion by group"] tbody tr');
      expect(await groupRows.count()).toBe(funnel.groups.length);
      for (const g of funnel.groups) {
        const row = page.locator(
          `table[aria-label="Conversion by group"] tr[data-group="${Object.values(g.key).join(' · ')}"]`,
        );
        expect(parseDisplayedCount(await text(row.locator('[data-col="journeys"]')))).toBe(g.journeys);
        const completed = await text(row.locator('[data-col="completed"]'));
        if (g.completed) expect(parseDisplayedCount(completed)).toBe(g.completed.count);
        else expect(completed).toBe('—');
      }
      // Stuck payments: the table lists what the API lists for the selected step and grace.
      const after = await page.getByLabel('Stuck after', { exact: true }).inputValue();
      const stuck = await paylens.api<Stuck>(`/api/v1/stuck?after=${after}&graceMs=300000&${range}`);
      const stuckRows = page.locator('table[aria-label="Stuck payments"] tbody tr');
      if (stuck.journeys.length > 0) await stuckRows.first().waitFor();
      expect(await stuckRows.count()).toBe(stuck.journeys.length);
      // "showing N of TOTAL" only when the server listed fewer than are stuck.
      const showing = page.getByTestId('stuck-showing');
      if (stuck.total !== undefined && stuck.total > stuck.journeys.length)
        expect(countsIn(await text(showing))).toEqual([stuck.journeys.length, stuck.total]);
      else expect(await showing.count()).toBe(0);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'funnel');

      // Failures of a step → the trace search filtered to them → a waterfall.
      const failing = funnel.steps.find((s) => s.failed > 0)!;
      const failures = await paylens.api<TraceList>(
        `/api/v1/traces?${range}&step=${failing.step}&status=error`,
      );
      await page.locator(`.funnel-step[data-step="${failing.step}"] [data-field="failed"] a`).click();
      await page.waitForURL(
        (url) => url.pathname === '/traces' && url.searchParams.get('status') === 'error',
      );
      const rows = page.locator('table[aria-label="Traces"] tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(failures.traces.length);
      // The search form shows the filters the link carried.
      expect(await page.getByLabel('Step', { exact: true }).inputValue()).toBe(failing.step);
      expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('error');
      await rows.first().getByRole('link').click();
      await page.waitForURL(new RegExp(`/traces/${failures.traces[0]!.traceId}`));
      await page.locator('.wf-row.has-error, .wf-row.has-timeout').first().waitFor();
    });
  });

  it('opens the journeys dropped before a step from the funnel', async () => {
    const funnel = await paylens.api<Funnel>(`/api/v1/funnel?${range}&groupBy=payment.channel`);
    const index = funnel.steps.findIndex((s, i) => i > 0 && s.dropped > 0);
    expect(index).toBeGreaterThan(0);
    const previous = funnel.steps[index - 1]!.step;
    const dropped = await paylens.api<Stuck>(`/api/v1/stuck?after=${previous}&graceMs=0`);
    await withPage(async ({ page }) => {
      await page.goto(`/funnel?${range}`);
      await page
        .locator(`.funnel-step[data-step="${funnel.steps[index]!.step}"] [data-field="dropped"] a`)
        .click();
      await page.waitForURL((url) => url.searchParams.get('droppedAfter') === previous);
      const rows = page.locator('table[aria-label="Dropped journeys"] tbody tr');
      if (dropped.journeys.length > 0) await rows.first().waitFor();
      expect(await rows.count()).toBe(dropped.journeys.length);
    });
  });
});
