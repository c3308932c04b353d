import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanRow } from '../store/src/index.ts';
import { accessibilityProblems } from './e2e/a11y.ts';
import { launchChromium, screenshot } from './e2e/browser.ts';
import { parseDisplayedCount } from './e2e/displayed.ts';
import { type E2ePaylens, startE2ePaylens } from './e2e/paylens.ts';
import { text, withPage as withPageOf } from './e2e/session.ts';
import { spanRow } from './fixtures/span-rows.ts';
import { type CheckScenario, checkScenarios } from './support/check-scenarios.ts';
import type { SpanSpec } from './support/journey-shapes.ts';

// Issue #14 in the browser: the Consistency page shows each check of the demo link with the
// violations written into the TCC scenarios, a violation opens its journey with the offending spans
// marked, and the Overview names the checks that fired.

let paylens: E2ePaylens;
let browser: Browser;
let range: string;
let scenarios: CheckScenario[];

const KINDS = {
  server: 'Server',
  client: 'Client',
  internal: 'Internal',
  producer: 'Producer',
  consumer: 'Consumer',
};
const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;

function rowOf(span: SpanSpec): SpanRow {
  return spanRow({
    TraceId: span.traceId,
    SpanId: span.spanId,
    ParentSpanId: span.parentSpanId,
    Timestamp: ns(span.startMs),
    Duration: `${BigInt(span.endMs - span.startMs) * 1_000_000n}`,
    SpanName: span.name,
    SpanKind: KINDS[span.kind],
    ServiceName: span.service,
    ResourceAttributes: { 'service.name': span.service },
    SpanAttributes: span.attributes,
    StatusCode: span.error === undefined ? 'Ok' : 'Error',
    StatusMessage: span.error ?? '',
    'Links.TraceId': span.links.map((l) => l.traceId),
    'Links.SpanId': span.links.map((l) => l.spanId),
    'Links.TraceState': span.links.map(() => ''),
    'Links.Attributes': span.links.map(() => ({})),
  });
}

beforeAll(async () => {
  const nowMs = Date.now();
  const fromMs = nowMs - 45 * 60_000;
  [paylens, browser] = await Promise.all([startE2ePaylens(), launchChromium()]);
  scenarios = checkScenarios('web', fromMs, nowMs);
  const sent = scenarios.map((s) => s.journey.sent());
  await paylens.insert('spans', sent.flatMap((p) => [...p.checkout.spans, ...p.rest.spans]).map(rowOf));
  // "to" fixed at the seeding instant, so the last callback's window is still open on every page.
  range = `from=${fromMs}&to=${nowMs}`;
});

afterAll(async () => {
  await browser?.close();
  await paylens?.close();
});

/** A journey view judges the journey's checks too: on a loaded machine a page may take a while. */
const withPage = (fn: (w: { page: Page }) => Promise<void>) =>
  withPageOf(browser, paylens.baseUrl, async (watched) => {
    watched.page.setDefaultTimeout(30_000);
    await fn(watched);
  });

const violators = (check: string) =>
  scenarios
    .filter((s) => s.violates[check])
    .sort((a, b) => b.violates[check]!.atMs - a.violates[check]!.atMs);

describe('the Consistency page', () => {
  it('shows every check with the violations the scenarios hold, newest first', async () => {
    await withPage(async ({ page }) => {
      await page.goto(`/consistency?${range}`);
      await page.locator('[data-testid^="check-"]').first().waitFor();
      const ids = [
        'double_charge',
        'cancel_after_confirm',
        'empty_rollback',
        'confirm_storm',
        'paid_not_updated',
      ];
      for (const id of ids) {
        const card = page.locator(`[data-testid="check-${id}"]`);
        expect(parseDisplayedCount(await text(card.locator('[data-field="violations"]'))), id).toBe(
          violators(id).length,
        );
        const rows = card.locator(`[data-testid="violations-${id}"] tbody tr`);
        await rows.first().waitFor();
        const keys = await rows.locator('td:nth-child(2)').allTextContents();
        expect(keys, id).toEqual(violators(id).map((s) => s.journey.key));
      }
      expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'consistency');
    });
  });

  it('opens a violating journey with its offending spans marked', async () => {
    await withPage(async ({ page }) => {
      await page.goto(`/consistency?${range}`);
      const twice = violators('double_charge')[0]!;
      const link = page.locator(`[data-testid="violations-double_charge"] a`, { hasText: twice.journey.key });
      await link.click();
      await page.waitForURL(/\/journeys\//);
      await page.locator('[data-testid="journey-violations"]').waitFor();
      expect(await text(page.locator('[data-testid="journey-violations"]'))).toContain('double_charge');
      const marked = page.locator('.wf-row.has-violation');
      await marked.first().waitFor();
      const names = await marked.locator('.wf-op').allTextContents();
      expect(names).toEqual(twice.violates.double_charge!.spans.map((span) => span.name));
      expect(await page.locator('[data-testid="violation-mark"]').count()).toBe(
        twice.violates.double_charge!.spans.length,
      );
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'consistency-journey');
    });
  });

  it('names the checks that fired beside the alert status on the Overview', async () => {
    await withPage(async ({ page }) => {
      await page.goto(`/?${range}`);
      const strip = page.locator('[data-testid="check-status"]');
      await strip.waitFor();
      const fired = await strip
        .locator('[data-check]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-check')));
      expect(fired.sort()).toEqual(
        [
          'double_charge',
          'cancel_after_confirm',
          'empty_rollback',
          'confirm_storm',
          'paid_not_updated',
        ].sort(),
      );
    });
  });
});
