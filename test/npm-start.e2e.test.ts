import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../server/src/http/content-security-policy.ts';
import { launchChromium } from './e2e/browser.ts';
import { withPage } from './e2e/session.ts';
import { type ChildLogEntry, type ChildPaylens, startChildPaylens } from './support/child-paylens.ts';
import { freePort } from './support/free-port.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'paylens-npm-start-'));
const entries: ChildLogEntry[] = [];
let paylens: ChildPaylens;
let browser: Browser;

beforeAll(async () => {
  // `npm start` as a newcomer types it: builds the web app if needed, then paylens for own traffic.
  const env = {
    PAYLENS_DATA_DIR: dataDir,
    PAYLENS_PORT: String(await freePort()),
    PAYLENS_OTLP_PORT: String(await freePort()),
  };
  [paylens, browser] = await Promise.all([
    startChildPaylens('all', env, { npmStart: true, onEntry: (entry) => entries.push(entry) }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  paylens?.kill('SIGTERM');
  await paylens?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

interface Link {
  steps: { id: string }[];
}

describe('npm start', () => {
  it('serves the web app at / under the Content-Security-Policy, and the API beside it', async () => {
    const page = await fetch(`${paylens.apiUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);

    const link = await fetch(`${paylens.apiUrl}/api/v1/link`);
    expect(link.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await link.json()) as Link).steps.length).toBeGreaterThan(0);
  });

  it('renders the overview of an empty store in Chromium, with no console error or CSP violation', async () => {
    const link = (await (await fetch(`${paylens.apiUrl}/api/v1/link`)).json()) as Link;
    await withPage(browser, paylens.apiUrl!, async ({ page }) => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      await page.getByTestId('step-table').getByText('No spans of any step in this time range.').waitFor();
      const charts = page.locator('[data-testid="latency-series"] figure[data-testid^="series-"]');
      await charts.first().waitFor();
      const shown = await charts.evaluateAll((figures) => figures.map((f) => f.getAttribute('data-testid')));
      expect(shown).toEqual(link.steps.map((step) => `series-${step.id}`));
    });
  });

  it('logs one start banner naming the dashboard, OTLP endpoint, store and link file, and no warning', () => {
    const banners = entries.filter((entry) => entry.msg === 'paylens is ready');
    expect(banners).toHaveLength(1);
    expect(banners[0]).toMatchObject({
      dashboard: `${paylens.apiUrl}/`,
      otlp: expect.stringContaining(paylens.otlpUrl),
      store: `embedded ClickHouse in ${join(dataDir, 'clickhouse')}`,
      link: expect.stringMatching(/dashboards\/payment-link\.yaml$/),
    });
    expect(entries.filter((entry) => entry.level >= 40)).toEqual([]);
  });
});
