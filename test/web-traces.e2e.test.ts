import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from './e2e/a11y.ts';
import { launchChromium, screenshot, type WatchedPage } from './e2e/browser.ts';
import { msMatches, parseDisplayedCount, parseDisplayedMs } from './e2e/displayed.ts';
import { type E2ePaylens, startE2ePaylens } from './e2e/paylens.ts';
import type { LinkedTrace } from './e2e/seed.ts';
import { seedStore } from './e2e/seed-store.ts';
import { text, withPage as withPageOf } from './e2e/session.ts';

interface TraceList {
  traces: { traceId: string; durationMs: number; spanCount: number; status: string; rootName: string }[];
}
interface ApiSpan {
  traceId: string;
  spanId: string;
  name: string;
  service: string;
  durationMs: number;
  status: string;
  timeout: boolean;
  onCriticalPath: boolean;
  percentile: number | null;
  step: string | null;
}
interface TraceView {
  durationMs: number;
  totalSpans: number;
  spans: ApiSpan[];
  logs: { body: string }[];
  traceIds?: string[];
  /** The journey model's list of traces and how each joined: absent from servers before it. */
  traces?: { traceId: string; via: 'key' | 'link' | 'trace'; linkedFrom?: string | null }[];
}

const BIG_TRACE_SPANS = 1500;
let paylens: E2ePaylens;
let browser: Browser;
let from: number;
let to: number;
let bigTraceId: string;
let orderId: string;
/** The key-less consumer trace the seed joined to `orderId`'s journey by a span link only. */
let linkedTrace: LinkedTrace;
let range: string;

beforeAll(async () => {
  const nowMs = Date.now();
  [paylens, browser] = await Promise.all([startE2ePaylens(), launchChromium()]);
  const seed = await seedStore(paylens, nowMs, { bigTraceSpans: BIG_TRACE_SPANS });
  bigTraceId = seed.bigTraceId!;
  orderId = seed.orderIds[0]!;
  linkedTrace = seed.linkedTraces.find((l) => l.orderId === orderId)!;
  from = nowMs - 2 * 3_600_000;
  to = nowMs + 60_000;
  range = `from=${from}&to=${to}`;
});

afterAll(async () => {
  await browser?.close();
  await paylens?.close();
});

const withPage = (fn: (w: WatchedPage) => Promise<void>, theme: 'light' | 'dark' = 'light') =>
  withPageOf(browser, paylens.baseUrl, fn, theme);

describe('traces: search → results → waterfall', () => {
  it('lists the API search results, then opens a waterfall by clicking', async () => {
    const list = await paylens.api<TraceList>(`/api/v1/traces?${range}&step=channel_pay`);
    expect(list.traces.length).toBeGreaterThan(0);
    await withPage(async ({ page }) => {
      await page.goto(`/traces?${range}`);
      await page.getByLabel('Step', { exact: true }).selectOption('channel_pay');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/step=channel_pay/);
      const rows = page.locator('table[aria-label="Traces"] tbody tr');
      // The unfiltered search (made when the page opened) also fills the table: wait for the
      // step's results, not only for as many rows.
      // The search runs while the rest of the suite loads the machine: allow it more than a second.
      await expect
        .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trace-id'))), {
          timeout: 10_000,
        })
        .toEqual(list.traces.map((trace) => trace.traceId));
      for (const [i, trace] of list.traces.slice(0, 5).entries()) {
        const row = rows.nth(i);
        expect(await row.getAttribute('data-trace-id')).toBe(trace.traceId);
        expect(msMatches(await text(row.locator('[data-col="duration"]')), trace.durationMs)).toBe(true);
        expect(parseDisplayedCount(await text(row.locator('[data-col="spans"]')))).toBe(trace.spanCount);
      }
      await screenshot(page, 'traces');

      const first = list.traces[0]!;
      const view = await paylens.api<TraceView>(`/api/v1/traces/${first.traceId}`);
      await rows.first().getByRole('link').click();
      await page.waitForURL(new RegExp(`/traces/${first.traceId}`));
      await page.locator('.wf-row').first().waitFor();
      expect(
        msMatches(
          await text(page.locator('[data-testid="trace-summary"] [data-field="duration"]')),
          view.durationMs,
        ),
      ).toBe(true);
      expect(
        parseDisplayedCount(await text(page.locator('[data-testid="trace-summary"] [data-field="spans"]'))),
      ).toBe(view.totalSpans);
      // Every span is a row, in the API's order, and the critical path marks match.
      const ids = await page
        .locator('.wf-row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-span-id')));
      expect(new Set(ids)).toEqual(new Set(view.spans.map((s) => s.spanId)));
      expect(await page.locator('.wf-bar[data-critical]').count()).toBe(
        view.spans.filter((s) => s.onCriticalPath).length,
      );
      expect(await page.locator('.wf-row.has-error, .wf-row.has-timeout').count()).toBe(
        view.spans.filter((s) => s.status === 'error' || s.timeout).length,
      );
      // Span details: duration and the percentile the API computed.
      const pay = view.spans.find((s) => s.step === 'channel_pay')!;
      await page.locator(`.wf-row[data-span-id="${pay.spanId}"]`).click();
      const details = page.getByTestId('span-details');
      await expect.poll(() => text(details.locator('h3'))).toBe(`${pay.service}: ${pay.name}`);
      expect(msMatches(await text(details.locator('[data-field="duration"]')), pay.durationMs)).toBe(true);
      if (pay.percentile !== null) {
        expect(await text(details.locator('[data-field="percentile"]'))).toContain(
          `p${Number(pay.percentile.toFixed(2))} of channel_pay`,
        );
      }
      await page.waitForURL(new RegExp(`span=${pay.spanId}`));
      // Logs panel shows the API's logs.
      const logRows = page.locator('table[aria-label="Logs"] tbody tr');
      expect(await logRows.count()).toBe(view.logs.length);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'trace');
    });
  });

  it('restores span, zoom, filter and fold from a deep link, and moves with the keyboard', async () => {
    const list = await paylens.api<TraceList>(`/api/v1/traces?${range}&step=channel_pay`);
    const traceId = list.traces[0]!.traceId;
    const view = await paylens.api<TraceView>(`/api/v1/traces/${traceId}`);
    const risk = view.spans.find((s) => s.service === 'risk-svc')!;
    await withPage(async ({ page }) => {
      await page.goto(`/traces/${traceId}?${range}&span=${risk.spanId}&zoom=0.25,0.75&q=risk`);
      await page.locator('.wf-row').first().waitFor();
      expect(await page.getByLabel('Filter spans').inputValue()).toBe('risk');
      expect(await text(page.getByTestId('span-details').locator('h3'))).toBe(`risk-svc: ${risk.name}`);
      // Filter keeps the risk span and its ancestors only.
      const shown = await page
        .locator('.wf-row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-span-id')));
      expect(shown).toContain(risk.spanId);
      expect(shown.length).toBeLessThan(view.spans.length);
      // The axis shows the zoomed window: every tick lies within 25%…75% of the trace.
      const ticks = (await page.locator('.wf-tick').allTextContents()).map(parseDisplayedMs);
      expect(ticks.length).toBeGreaterThan(1);
      expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0.25 * view.durationMs - 1e-6);
      expect(Math.max(...ticks)).toBeLessThanOrEqual(0.75 * view.durationMs + 1e-6);
      expect(await page.getByRole('button', { name: 'Reset zoom' }).isEnabled()).toBe(true);
      // Dragging across the middle half of the axis zooms into it: 0.375…0.625 of the trace.
      const axis = await page.getByTestId('time-axis').boundingBox();
      await page.mouse.move(axis!.x + axis!.width * 0.25, axis!.y + axis!.height / 2);
      await page.mouse.down();
      await page.mouse.move(axis!.x + axis!.width * 0.75, axis!.y + axis!.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.waitForURL((url) => {
        const [a, b] = (url.searchParams.get('zoom') ?? '').split(',').map(Number);
        return Math.abs(a! - 0.375) < 0.01 && Math.abs(b! - 0.625) < 0.01;
      });

      // Clear the filter, then keyboard: Home selects the root, ArrowDown the next row.
      await page.getByLabel('Filter spans').fill('');
      await page.waitForURL((url) => !url.searchParams.has('q'));
      // The URL changes before the rows re-render (a transition, slower under load): wait until
      // every span is a row again, or the row ids read below are the filtered ones.
      const spanCount = view.spans.length.toLocaleString('en-US');
      await expect.poll(() => text(page.getByTestId('row-count'))).toBe(`${spanCount} of ${spanCount} spans`);
      await page.getByTestId('waterfall-rows').focus();
      await page.keyboard.press('Home');
      const rowIds = await page
        .locator('.wf-row')
        .evaluateAll((els) =>
          [...els]
            .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
            .map((e) => e.getAttribute('data-span-id')),
        );
      await page.waitForURL(new RegExp(`span=${rowIds[0]}`));
      await page.keyboard.press('ArrowDown');
      await page.waitForURL(new RegExp(`span=${rowIds[1]}`));
      // The URL and the row's selection render apart: wait for the row to show it.
      await page.locator(`.wf-row[data-span-id="${rowIds[1]}"][aria-selected="true"]`).waitFor();
      // Left on the root collapses it: one row remains.
      await page.keyboard.press('Home');
      await page.waitForURL(new RegExp(`span=${rowIds[0]}`));
      await page.keyboard.press('ArrowLeft');
      await expect
        .poll(() => page.locator('.wf-row').count())
        .toBe(view.spans.filter((s) => s.traceId === traceId).length > 0 ? 1 : 0);
      await page.keyboard.press('0');
      await expect.poll(() => page.getByRole('button', { name: 'Reset zoom' }).isDisabled()).toBe(true);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'trace-deep-link');
    }, 'dark');
  });

  it('virtualises a large trace: few rows in the DOM, all reachable by scrolling; re-root and collapse', async () => {
    const view = await paylens.api<TraceView>(`/api/v1/traces/${bigTraceId}`);
    expect(view.totalSpans).toBe(BIG_TRACE_SPANS);
    await withPage(async ({ page }) => {
      await page.goto(`/traces/${bigTraceId}?${range}`);
      await page.locator('.wf-row').first().waitFor();
      expect(await text(page.getByTestId('row-count'))).toBe(
        `${BIG_TRACE_SPANS.toLocaleString('en-US')} of ${BIG_TRACE_SPANS.toLocaleString('en-US')} spans`,
      );
      expect(await page.locator('.wf-row').count()).toBeLessThan(100);
      const scroller = page.getByTestId('waterfall-rows');
      await scroller.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      const last = view.spans[view.spans.length - 1]!;
      await page.locator(`.wf-row[data-span-id="${last.spanId}"]`).waitFor();
      expect(await page.locator('.wf-row').count()).toBeLessThan(100);

      // Collapse all: the root and its direct children remain.
      await page.getByRole('button', { name: 'Collapse all' }).click();
      const rootChildren = view.spans.filter(
        (s) => s.spanId !== view.spans[0]!.spanId && (s as unknown as { depth: number }).depth === 1,
      ).length;
      await expect
        .poll(() => text(page.getByTestId('row-count')))
        .toBe(
          `${(rootChildren + 1).toLocaleString('en-US')} of ${BIG_TRACE_SPANS.toLocaleString('en-US')} spans`,
        );
      await page.getByRole('button', { name: 'Expand all' }).click();

      // Re-root at the second span: only its subtree is shown.
      await scroller.evaluate((el) => {
        el.scrollTop = 0;
      });
      const second = view.spans[1]!;
      await page.locator(`.wf-row[data-span-id="${second.spanId}"]`).click();
      await page.getByRole('button', { name: 'Re-root here' }).click();
      await page.waitForURL(new RegExp(`root=${second.spanId}`));
      await expect.poll(() => text(page.locator('.callout').first())).toContain(second.name);
      await screenshot(page, 'trace-large');
    });
  });

  it('puts the traces of one journey on one axis, saying how each joined', async () => {
    const journey = await paylens.api<TraceView>(`/api/v1/journeys/${orderId}`);
    const spanTraceIds = [...new Set(journey.spans.map((s) => s.traceId))];
    // The page lists the server's traces (or traceIds), then any other trace the spans belong to.
    const listed = journey.traces?.map((t) => t.traceId) ?? journey.traceIds ?? [];
    const expected = [...listed, ...spanTraceIds.filter((t) => !listed.includes(t))];
    const linkJoined = new Set(journey.traces?.filter((t) => t.via === 'link').map((t) => t.traceId));
    if (journey.traces) {
      // The seeded consumer trace has no key: it can only have joined through its span link.
      expect(journey.traces).toContainEqual(
        expect.objectContaining({
          traceId: linkedTrace.traceId,
          via: 'link',
          linkedFrom: linkedTrace.linkedFrom,
        }),
      );
    }
    await withPage(async ({ page }) => {
      await page.goto(`/journeys/${orderId}?${range}`);
      await page.locator('.wf-row').first().waitFor();
      const summary = page.getByTestId('trace-summary');
      expect(parseDisplayedCount(await text(summary.locator('[data-field="traces"]')))).toBe(expected.length);
      const items = page.locator('ul[aria-label="Journey traces"] li');
      expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')))).toEqual(
        expected,
      );
      for (const t of journey.traces ?? []) {
        const item = page.locator(`ul[aria-label="Journey traces"] li[data-trace-id="${t.traceId}"]`);
        expect(await item.getAttribute('data-via')).toBe(t.via);
        if (t.via === 'link' && t.linkedFrom)
          expect(await text(item)).toContain(`joined by span link from ${t.linkedFrom.slice(0, 8)}`);
      }
      expect(await page.locator('.wf-row').count()).toBe(journey.spans.length);
      // Rows of link-joined traces carry the marker; no other row does.
      const marked = await page
        .locator('.wf-row.link-joined')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-span-id')));
      expect(new Set(marked)).toEqual(
        new Set(journey.spans.filter((s) => linkJoined.has(s.traceId)).map((s) => s.spanId)),
      );
      if (journey.traces) for (const spanId of linkedTrace.spanIds) expect(marked).toContain(spanId);
      expect(
        msMatches(
          await text(page.locator('[data-testid="trace-summary"] [data-field="duration"]')),
          journey.durationMs,
        ),
      ).toBe(true);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'journey');
    });
  });
});
