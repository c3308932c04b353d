import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from './e2e/a11y.ts';
import { launchChromium, screenshot } from './e2e/browser.ts';
import { parseDisplayedCount } from './e2e/displayed.ts';
import { type E2ePaylens, startE2ePaylens } from './e2e/paylens.ts';
import { text, withPage as withPageOf } from './e2e/session.ts';
import { generateDataset } from './fixtures/dataset.ts';

// Issue #15 in the browser: the step page renders its distribution and heatmap, a drag selects a
// slice whose attribution the page shows (the API's, for exactly the dragged cells), and the
// Overview shows each figure's change against an earlier window.

const HOUR = 3_600_000;
let paylens: E2ePaylens;
let browser: Browser;
let nowMs: number;
let range: string;

interface Distribution {
  count: number;
  buckets: { leMs: number | null; count: number }[];
  heatmap: { bucketMs: number; t: number[]; leMs: (number | null)[]; counts: number[][] };
}
interface Attribution {
  selection: { count: number };
  attributes: { key: string; value: string }[];
  samples: string[];
}
type StepRow = { step: string; count: number; p99: number | null };
interface Steps {
  steps: StepRow[];
  previous?: { steps: StepRow[] };
}

beforeAll(async () => {
  nowMs = Date.now();
  [paylens, browser] = await Promise.all([startE2ePaylens(), launchChromium()]);
  // Two different hours of payments, so every figure has one to compare with.
  for (const [seed, fromMs] of [
    [21, nowMs - HOUR + 60_000],
    [22, nowMs - 2 * HOUR + 60_000],
  ] as const) {
    const dataset = generateDataset({
      seed,
      journeys: 300,
      fromMs,
      spacingMs: 9_000,
      failureBoost: seed - 20,
    });
    await paylens.insert('spans', dataset.rows);
  }
  range = `from=${nowMs - HOUR}&to=${nowMs}`;
});

afterAll(async () => {
  await browser?.close();
  await paylens?.close();
});

const withPage = (fn: (w: { page: Page }) => Promise<void>) => withPageOf(browser, paylens.baseUrl, fn);

/** The attribution query may take seconds on a loaded machine (the default poll gives up after 1 s). */
const POLL = { timeout: 15_000 };

/** The selection of the page's URL, as the API takes it. */
function selectionQuery(page: Page): string {
  const url = new URL(page.url());
  const query = new URLSearchParams();
  const slice = [url.searchParams.get('sliceFrom'), url.searchParams.get('sliceTo')];
  query.set('from', slice[0] ?? url.searchParams.get('from')!);
  query.set('to', slice[1] ?? url.searchParams.get('to')!);
  for (const name of ['minMs', 'maxMs', 'outcome']) {
    const value = url.searchParams.get(name);
    if (value !== null) query.set(name, value);
  }
  return query.toString();
}

/** Waits until the attribution table shows the API's answer for the selection in the URL. */
async function expectAttributionOfUrl(page: Page): Promise<Attribution> {
  const expected = await paylens.api<Attribution>(
    `/api/v1/steps/channel_pay/attribution?${selectionQuery(page)}`,
  );
  const counts = page.locator('[data-field="selection-count"]');
  await expect
    .poll(async () => ((await counts.count()) ? parseDisplayedCount(await text(counts)) : -1), POLL)
    .toBe(expected.selection.count);
  const rows = page.locator('table[aria-label="Attribution"] tbody tr');
  await expect.poll(() => rows.count(), POLL).toBe(expected.attributes.length);
  for (const [i, a] of expected.attributes.entries()) {
    expect(await rows.nth(i).getAttribute('data-key')).toBe(a.key);
    expect(await rows.nth(i).getAttribute('data-value')).toBe(a.value);
  }
  expect(await page.locator('ul[aria-label="Sample traces"] li').count()).toBe(expected.samples.length);
  return expected;
}

describe('the step page', () => {
  it('renders the distribution and heatmap, and a drag over the heatmap shows that slice’s attribution', async () => {
    const distribution = await paylens.api<Distribution>(`/api/v1/steps/channel_pay/distribution?${range}`);
    expect(distribution.count).toBeGreaterThan(100);
    await withPage(async ({ page }) => {
      await page.goto(`/steps/channel_pay?${range}`);
      await page.getByTestId('latency-histogram').locator('.recharts-bar-rectangle').first().waitFor();
      const canvas = page.locator('canvas.heatmap-canvas');
      await canvas.waitFor();
      expect(await text(page.locator('[data-field="count"]'))).toBe(
        distribution.count.toLocaleString('en-US'),
      );

      // Drag from the top-left corner to the middle of the right edge: the slow half, all the time.
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + 2, box.y + 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3, { steps: 5 });
      await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.waitForURL((url) => url.searchParams.has('sliceFrom') && url.searchParams.has('minMs'));
      const attribution = await expectAttributionOfUrl(page);

      // The selection is exactly the dragged cells of the heatmap.
      const url = new URL(page.url());
      const minMs = Number(url.searchParams.get('minMs'));
      const maxMs = url.searchParams.has('maxMs')
        ? Number(url.searchParams.get('maxMs'))
        : Number.POSITIVE_INFINITY;
      const sliceFrom = Number(url.searchParams.get('sliceFrom'));
      const sliceTo = Number(url.searchParams.get('sliceTo'));
      const { heatmap } = distribution;
      let inCells = 0;
      heatmap.t.forEach((t, c) => {
        if (t < sliceFrom || t >= sliceTo) return;
        heatmap.leMs.forEach((le, j) => {
          const lower = j === 0 ? 0 : (heatmap.leMs[j - 1] as number);
          if (lower >= minMs - 1e-6 && (le ?? Number.POSITIVE_INFINITY) < maxMs)
            inCells += heatmap.counts[c]![j]!;
        });
      });
      expect(attribution.selection.count).toBe(inCells);
      expect(attribution.selection.count).toBeGreaterThan(0);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'step-page');

      // A drag across the histogram selects a band instead; the attribution follows.
      const bars = page.getByTestId('latency-histogram').locator('.recharts-bar-rectangle');
      const first = (await bars.first().boundingBox())!;
      const third = (await bars.nth(2).boundingBox())!;
      const before = url.searchParams.get('minMs');
      await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2);
      await page.mouse.down();
      await page.mouse.move(third.x + third.width / 2, third.y + third.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.waitForURL((u) => u.searchParams.get('minMs') !== before);
      await expectAttributionOfUrl(page);
    });
  });

  it('is reached from a step name on the Overview, and overlays the earlier window when comparing', async () => {
    await withPage(async ({ page }) => {
      await page.goto(`/?${range}&compare=1h`);
      await page.locator('table[aria-label="Step latency"] tr[data-step="channel_pay"] th a').first().click();
      await page.waitForURL(
        (url) => url.pathname === '/steps/channel_pay' && url.searchParams.get('compare') === '1h',
      );
      await page.getByTestId('latency-histogram').locator('.recharts-legend-item').nth(1).waitFor();
      const legend = await page
        .getByTestId('latency-histogram')
        .locator('.recharts-legend-item')
        .allTextContents();
      expect(legend.sort()).toEqual(['earlier window', 'spans']);
    });
  });
});

describe('compare on the Overview', () => {
  it('picking a window shows each step figure’s change against it', async () => {
    const steps = await paylens.api<Steps>(`/api/v1/steps?${range}&compare=1h`);
    await withPage(async ({ page }) => {
      await page.goto(`/?${range}`);
      const table = page.locator('table[aria-label="Step latency"]');
      await table.locator('tbody tr').first().waitFor();
      expect(await table.getByTestId('change').count()).toBe(0);
      await page.getByLabel('Compare with').selectOption('1h');
      await page.waitForURL((url) => url.searchParams.get('compare') === '1h');
      const cell = table.locator('tr[data-step="channel_pay"] [data-col="p99"] [data-testid="change"]');
      await cell.waitFor();
      const now = steps.steps.find((s) => s.step === 'channel_pay')!;
      const before = steps.previous!.steps.find((s) => s.step === 'channel_pay')!;
      const percent = ((now.p99! - before.p99!) / before.p99!) * 100;
      const shown = (await text(cell)).replace('−', '-').replace('±', '');
      expect(Number.parseFloat(shown)).toBeCloseTo(percent, Math.abs(percent) < 10 ? 1 : 0);
      const counts = table.locator('tr[data-step="channel_pay"] [data-col="count"] [data-testid="change"]');
      const countPercent = ((now.count - before.count) / before.count) * 100;
      expect(Number.parseFloat((await text(counts)).replace('−', '-').replace('±', ''))).toBeCloseTo(
        countPercent,
        Math.abs(countPercent) < 10 ? 1 : 0,
      );
      // Timeout hotspots show theirs too (a group absent before had no timeouts then).
      const hotspots = page.locator('table[aria-label="Timeout hotspots"] tbody tr');
      await hotspots.first().locator('[data-col="timeouts"] [data-testid="change"]').waitFor();
      expect(await hotspots.locator('[data-col="rate"] [data-testid="change"]').count()).toBe(
        await hotspots.count(),
      );
      await screenshot(page, 'overview-compare');
    });
  });
});
