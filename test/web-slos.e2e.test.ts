import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './e2e/browser.ts';
import { type E2ePaylens, startE2ePaylens } from './e2e/paylens.ts';
import { seedStore } from './e2e/seed-store.ts';
import { text, withPage as withPageOf } from './e2e/session.ts';

// Issue #16 in the browser: the Overview's SLO panel shows what /api/v1/slos says, with a burn-down
// chart, and the Alerts page adds the three standard burn-rate rules of an SLO in one click.

interface Slo {
  step: string;
  total: number;
  good: number;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
}

let paylens: E2ePaylens;
let browser: Browser;
let nowMs: number;

beforeAll(async () => {
  nowMs = Date.now();
  [paylens, browser] = await Promise.all([
    startE2ePaylens(undefined, { PAYLENS_ALERTING: 'off' }),
    launchChromium(),
  ]);
  await seedStore(paylens, nowMs);
});

afterAll(async () => {
  await browser?.close();
  await paylens?.close();
});

const withPage = (fn: Parameters<typeof withPageOf>[2]) => withPageOf(browser, paylens.baseUrl, fn);

/** "62.51%" or "-150%" as a ratio (read apart from the app's formatter); "—" is null. */
function shownRatio(shown: string): number | null {
  if (shown === '—') return null;
  const match = /^(-?[\d.]+)%$/.exec(shown);
  if (!match) throw new Error(`not a displayed percentage: ${JSON.stringify(shown)}`);
  return Number(match[1]) / 100;
}

describe('SLOs in the web app', () => {
  it('the Overview shows each SLO’s SLI, budget remaining, burn rates and burn-down', async () => {
    const to = nowMs + 60_000;
    const { slos } = await paylens.api<{ slos: Slo[] }>(`/api/v1/slos?at=${to}`);
    expect(slos.map((s) => s.step)).toEqual(['create_order', 'payment_create', 'payment_callback']);
    expect(slos.some((s) => s.total > 0 && s.good < s.total)).toBe(true);
    await withPage(async ({ page }) => {
      await page.goto(`/?from=${nowMs - 3_600_000}&to=${to}`);
      for (const slo of slos) {
        const card = page.getByTestId(`slo-${slo.step}`);
        await card.waitFor();
        expect(shownRatio(await text(card.getByTestId('slo-sli')))).toBeCloseTo(slo.sli ?? Number.NaN, 4);
        const budget = shownRatio(await text(card.getByTestId('slo-budget')));
        if (slo.budgetRemaining === null) expect(budget).toBeNull();
        else expect(budget).toBeCloseTo(slo.budgetRemaining, 4);
        expect(await text(card.getByTestId('burn-1h'))).toMatch(/^1h /);
        if (slo.total > 0) await card.getByTestId('slo-burn-down').locator('svg.recharts-surface').waitFor();
      }
      await screenshot(page, 'overview-slos');
    });
  });

  it('the step page shows its step’s SLO', async () => {
    const to = nowMs + 60_000;
    const { slos } = await paylens.api<{ slos: Slo[] }>(`/api/v1/slos?at=${to}`);
    const slo = slos.find((s) => s.step === 'create_order')!;
    await withPage(async ({ page }) => {
      await page.goto(`/steps/create_order?from=${nowMs - 3_600_000}&to=${to}`);
      const card = page.getByTestId('step-slo').getByTestId('slo-create_order');
      await card.waitFor();
      expect(shownRatio(await text(card.getByTestId('slo-sli')))).toBeCloseTo(slo.sli ?? Number.NaN, 4);
      expect(await page.getByTestId('step-slo').getByTestId('slo-payment_create').count()).toBe(0);
    });
  });

  it('the Alerts page adds the three standard burn-rate rules of an SLO in one click', async () => {
    await withPage(async ({ page }) => {
      await page.goto('/alerts');
      const offer = page.getByTestId('slo-offer-create_order');
      await offer.getByRole('button', { name: 'Add the 3 burn-rate rules' }).click();
      await expect
        .poll(async () => text(offer.locator('td').nth(2)), { timeout: 10_000 })
        .toBe('3 burn-rate rules');
    });
    const { rules } = await paylens.api<{
      rules: { step: string; metric: string; longWindow: string; shortWindow: string; threshold: number }[];
    }>('/api/v1/alert-rules');
    expect(
      rules
        .filter((r) => r.metric === 'burnRate')
        .map((r) => [r.step, r.longWindow, r.shortWindow, r.threshold]),
    ).toEqual([
      ['create_order', '1h', '5m', 14.4],
      ['create_order', '6h', '30m', 6],
      ['create_order', '3d', '6h', 1],
    ]);
  });
});
