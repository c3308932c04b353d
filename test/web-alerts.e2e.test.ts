import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './e2e/browser.ts';
import { type E2ePaylens, startE2ePaylens } from './e2e/paylens.ts';
import { seedStore } from './e2e/seed-store.ts';
import { text, withPage as withPageOf } from './e2e/session.ts';

interface Rule {
  id: string;
  name: string;
  state: string;
}
interface History {
  events: { eventId: string; state: string; deliveries: { webhookId: string }[] }[];
  active: unknown[];
}

let paylens: E2ePaylens;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let range: string;

beforeAll(async () => {
  const nowMs = Date.now();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  [paylens, browser] = await Promise.all([
    startE2ePaylens(undefined, { PAYLENS_ALERT_INTERVAL: '1s' }),
    launchChromium(),
  ]);
  await seedStore(paylens, nowMs);
  range = `from=${nowMs - 2 * 3_600_000}&to=${nowMs + 10 * 60_000}`;
});

afterAll(async () => {
  await browser?.close();
  await paylens?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const withPage = (fn: Parameters<typeof withPageOf>[2]) => withPageOf(browser, paylens.baseUrl, fn);
const rulesOf = async () => (await paylens.api<{ rules: Rule[] }>('/api/v1/alert-rules')).rules;

describe('alerts page', () => {
  it('creates a rule with a webhook, sends a test delivery, and shows state, history and deliveries', async () => {
    await withPage(async ({ page }) => {
      await page.goto(`/alerts?${range}`);
      const form = page.getByRole('form', { name: 'New alert rule' });
      await form.getByLabel('Name', { exact: true }).fill('channel p50 e2e');
      await form.getByLabel('Step', { exact: true }).selectOption('channel_pay');
      await form.getByLabel('Metric', { exact: true }).selectOption('p50');
      await form.getByLabel('Threshold', { exact: true }).fill('1');
      await form.getByLabel('Window', { exact: true }).fill('1h');
      await form.getByLabel('For', { exact: true }).fill('0s');
      await form.getByLabel('Webhook URL', { exact: true }).fill(receiverUrl);
      await form.getByRole('button', { name: 'Create rule' }).click();

      const row = page.locator('table[aria-label="Alert rules"] tbody tr', { hasText: 'channel p50 e2e' });
      await row.waitFor();
      const created = (await rulesOf()).find((r) => r.name === 'channel p50 e2e')!;
      expect(await row.getAttribute('data-rule-id')).toBe(created.id);
      expect(await text(row.locator('[data-field="condition"]'))).toBe('channel_pay p50 > 1 ms');

      // A test delivery reaches the receiver at once, signed, and the page says how it went.
      await row.getByRole('button', { name: 'Send test for channel p50 e2e' }).click();
      await expect.poll(() => text(row.locator('[role="status"]'))).toMatch(/^127\.0\.0\.1.*: delivered/);
      const test = received.find((r) => r.body.includes('channel p50 e2e'))!;
      expect(test.headers['webhook-id']).toBeTruthy();
      expect(JSON.parse(test.body)).toMatchObject({ data: { test: true } });

      // Whatever the evaluator has recorded by now, the page shows the same state, history and deliveries.
      await expect
        .poll(async () => (await paylens.api<History>(`/api/v1/alerts?${range}`)).events.length, {
          timeout: 15_000,
        })
        .toBeGreaterThan(0)
        .catch(() => undefined);
      const history = await paylens.api<History>(`/api/v1/alerts?${range}`);
      const rule = (await rulesOf()).find((r) => r.id === created.id)!;
      await page.reload();
      await row.waitFor();
      expect(await text(row.locator('[data-field="state"]'))).toBe(rule.state);
      const events = page.locator('table[aria-label="Alert history"] tbody tr');
      if (history.events.length > 0) await events.first().waitFor();
      expect(await events.count()).toBe(history.events.length);
      const deliveries = history.events.flatMap((e) => e.deliveries);
      expect(await page.locator('table[aria-label="Deliveries"] tbody tr').count()).toBe(deliveries.length);
      await screenshot(page, 'alerts');

      // The overview's alert strip counts the same states.
      await page.goto(`/?${range}`);
      const strip = page.getByTestId('alert-status');
      await strip.locator('.pill').first().waitFor();
      expect(await text(strip.locator(`[data-state="${rule.state}"]`))).toBe(`1 ${rule.state}`);
    });
  });

  it('deletes a rule after confirmation', async () => {
    const before = await rulesOf();
    expect(before.length).toBeGreaterThan(0);
    await withPage(async ({ page }) => {
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(`/alerts?${range}`);
      const row = page.locator('table[aria-label="Alert rules"] tbody tr', { hasText: before[0]!.name });
      await row.getByRole('button', { name: `Delete ${before[0]!.name}` }).click();
      await row.waitFor({ state: 'detached' });
      expect((await rulesOf()).map((r) => r.id)).not.toContain(before[0]!.id);
    });
  });
});
