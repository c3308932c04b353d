import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanRow } from '../store/src/rows.ts';
import { formatAmounts } from '../web/src/format/money.ts';
import { launchChromium } from './e2e/browser.ts';
import { parseDisplayedCount } from './e2e/displayed.ts';
import { type E2ePaylens, startE2ePaylens, WEB_DIST } from './e2e/paylens.ts';
import { text, withPage as withPageOf } from './e2e/session.ts';
import { generateDataset } from './fixtures/dataset.ts';
import { linkDirectory } from './support/two-links.ts';

// Issue #13 in the browser: with two links, the header offers a switcher; switching keeps the time
// range (and the link in the URL, across pages) and every figure becomes the other link's.

interface FunnelStep {
  step: string;
  entered: number;
  succeeded: number;
  failed: number;
  dropped: number;
}
interface Funnel {
  journeys: number;
  steps: FunnelStep[];
  completed: { count: number };
  value: { currency: string; journeys: string; completed: string }[];
}
interface Steps {
  steps: { step: string; count: number }[];
}

const CURRENCIES = ['CNY', 'USD'];

/** The dataset with what each payment is worth on the spans carrying its order id (cents, two currencies). */
function withAmounts(rows: readonly SpanRow[]): SpanRow[] {
  const amounts = new Map<string, number>();
  return rows.map((row) => {
    const order = row.SpanAttributes['payment.order_id'];
    if (!order) return row;
    if (!amounts.has(order)) amounts.set(order, amounts.size);
    const i = amounts.get(order)!;
    return {
      ...row,
      SpanAttributes: {
        ...row.SpanAttributes,
        'payment.amount': `${(i * 37) % 5000}.${String(i % 100).padStart(2, '0')}`,
        'payment.currency': CURRENCIES[i % 2]!,
      },
    };
  });
}

let paylens: E2ePaylens;
let browser: Browser;
let linksDir: string;
let range: string;

beforeAll(async () => {
  const nowMs = Date.now();
  linksDir = linkDirectory({ settlement: true });
  [paylens, browser] = await Promise.all([
    startE2ePaylens(WEB_DIST, { PAYLENS_LINK: linksDir }),
    launchChromium(),
  ]);
  const journeys = 150;
  const dataset = generateDataset({
    seed: 13,
    journeys,
    fromMs: nowMs - 50 * 60_000,
    spacingMs: (40 * 60_000) / journeys,
    failureBoost: 3,
  });
  await paylens.insert('spans', withAmounts(dataset.rows));
  range = `from=${nowMs - 2 * 3_600_000}&to=${nowMs + 60_000}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await paylens?.close();
  rmSync(linksDir, { recursive: true, force: true });
});

const withPage = (fn: (page: Page) => Promise<void>) =>
  withPageOf(browser, paylens.baseUrl, async ({ page }) => fn(page));

/** The funnel page shows exactly the API's funnel of `link`. */
async function expectFunnel(page: Page, link: string): Promise<Funnel> {
  const funnel = await paylens.api<Funnel>(`/api/v1/funnel?${range}&link=${link}`);
  await page.locator(`.funnel-step[data-step="${funnel.steps[0]!.step}"]`).waitFor();
  expect(
    await page.locator('.funnel-step').evaluateAll((els) => els.map((el) => el.getAttribute('data-step'))),
  ).toEqual(funnel.steps.map((s) => s.step));
  const summary = page.getByTestId('funnel-summary');
  expect(parseDisplayedCount(await text(summary.locator('[data-field="journeys"]')))).toBe(funnel.journeys);
  expect(parseDisplayedCount(await text(summary.locator('[data-field="completed"]')))).toBe(
    funnel.completed.count,
  );
  for (const s of funnel.steps) {
    const li = page.locator(`.funnel-step[data-step="${s.step}"]`);
    for (const f of ['entered', 'succeeded', 'failed', 'dropped'] as const) {
      expect(
        parseDisplayedCount(await text(li.locator(`[data-field="${f}"]`))),
        `${link} ${s.step} ${f}`,
      ).toBe(s[f]);
    }
  }
  return funnel;
}

describe('the link switcher', () => {
  it('switches every figure to the other link, keeping the time range, across pages', async () => {
    await withPage(async (page) => {
      await page.goto(`/funnel?${range}`);
      const payment = await expectFunnel(page, 'checkout-payment');
      const switcher = page.getByLabel('Payment link');
      expect(await switcher.inputValue()).toBe('checkout-payment');
      expect(await switcher.locator('option').allTextContents()).toEqual(['checkout-payment', 'Settlement']);

      await switcher.selectOption('settlement');
      await page.waitForURL((url) => url.searchParams.get('link') === 'settlement');
      const url = new URL(page.url());
      expect(`from=${url.searchParams.get('from')}&to=${url.searchParams.get('to')}`).toBe(range);
      const settlement = await expectFunnel(page, 'settlement');
      expect(settlement.journeys).not.toBe(payment.journeys);
      // What the settlement journeys are worth, as the API sums them.
      expect(settlement.value.map((v) => v.currency)).toEqual(CURRENCIES);
      expect(await text(page.getByTestId('funnel-summary').locator('[data-field="value-journeys"]'))).toBe(
        formatAmounts(settlement.value.map((v) => ({ currency: v.currency, amount: v.journeys }))),
      );

      // The overview, reached by the menu, reads the settlement link too.
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('link') === 'settlement');
      const steps = await paylens.api<Steps>(`/api/v1/steps?${range}&link=settlement`);
      await page.locator('table[aria-label="Step latency"] tbody tr').first().waitFor();
      for (const s of steps.steps) {
        const row = page.locator(`table[aria-label="Step latency"] tr[data-step="${s.step}"]`).first();
        expect(parseDisplayedCount(await text(row.locator('[data-col="count"]'))), s.step).toBe(s.count);
      }
      expect(await page.locator('table[aria-label="Step latency"] tr[data-step="channel_pay"]').count()).toBe(
        0,
      );

      // And back: the payment link's figures again, the range still the same.
      await page.getByLabel('Payment link').selectOption('checkout-payment');
      await page.waitForURL((u) => u.searchParams.get('link') === 'checkout-payment');
      await page.locator('table[aria-label="Step latency"] tr[data-step="channel_pay"]').first().waitFor();
      await page.getByRole('link', { name: 'Funnel' }).click();
      await expectFunnel(page, 'checkout-payment');
      expect(new URL(page.url()).searchParams.get('from')).toBe(url.searchParams.get('from'));
    });
  }, 120_000);
});
