import { sql } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNEY_STORE_TABLES } from '../server/src/journeys/journey-store.ts';
import { type AnalyticsHarness, startAnalyticsHarness } from './fixtures/analytics-harness.ts';

// Hostile values in every parameter of every analytics endpoint: each gets a 400 naming the
// parameter, or the correct (empty) answer for that value; never a 5xx, never a changed table.

const FROM = Date.parse('2026-11-22T12:00:00Z');
const NOW = FROM + 7_200_000;
const range = `from=${FROM}&to=${NOW}`;

const PAYLOADS = [
  "'",
  "' OR 1=1 --",
  "x'; DROP TABLE otel_traces; --",
  "alipay' UNION SELECT * FROM system.tables --",
  '/* comment */ alipay',
  '\\',
  "\\'",
  'a\\nb',
  '{p_0:String}',
  '$' + '{x}',
  '%27%20OR%201%3D1',
  '漢字 é 🙂 \u202e',
  '\u0000',
  'x'.repeat(10_000),
];

let h: AnalyticsHarness;
let tablesBefore: { name: string; rows: number }[];

async function tableRows() {
  return h.driver.query<{ name: string; rows: number }>(sql`
    SELECT name, total_rows AS rows FROM system.tables
    WHERE database = currentDatabase() AND engine NOT LIKE '%View%'
      AND name NOT IN ${[...JOURNEY_STORE_TABLES]}
    ORDER BY name`);
}

beforeAll(async () => {
  h = await startAnalyticsHarness({
    seed: 7,
    journeys: 300,
    fromMs: FROM,
    spacingMs: 10_000,
    insert: 'after-app',
    nowMs: NOW,
  });
  tablesBefore = await tableRows();
});
afterAll(async () => {
  await h?.close();
});

async function hostile(
  path: string,
  name: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(h.url + path);
  const body = (await response.json()) as Record<string, unknown>;
  expect([200, 400], `${path.slice(0, 200)} → ${response.status}`).toContain(response.status);
  if (response.status === 400) {
    const error = body.error as { code: string; message: string };
    // Long names are shown clipped: `'xxxx…'`.
    expect(error.message).toContain(name.length >= 64 ? `'${name.slice(0, 64)}…'` : `'${name}'`);
  }
  return { status: response.status, body };
}

const enc = encodeURIComponent;

describe('hostile parameter values', () => {
  it.each(PAYLOADS.map((payload) => [payload.slice(0, 40), payload]))(
    'are refused or harmless: %s',
    async (_label, payload) => {
      const value = enc(payload);
      for (const name of ['from', 'to']) {
        for (const path of [
          '/steps',
          '/steps/series?step=notify',
          '/timeouts',
          '/funnel',
          '/stuck?after=channel_pay',
        ]) {
          const joiner = path.includes('?') ? '&' : '?';
          const other = name === 'from' ? `to=${NOW}` : `from=${FROM}`;
          expect((await hostile(`/api/v1${path}${joiner}${other}&${name}=${value}`, name)).status).toBe(400);
        }
      }
      for (const path of ['/steps', '/funnel']) {
        expect((await hostile(`/api/v1${path}?${range}&groupBy=${value}`, 'groupBy')).status).toBe(400);
      }
      expect((await hostile(`/api/v1/steps/series?${range}&step=${value}`, 'step')).status).toBe(400);
      expect(
        (await hostile(`/api/v1/steps/series?${range}&step=notify&bucket=${value}`, 'bucket')).status,
      ).toBe(400);
      expect((await hostile(`/api/v1/stuck?${range}&after=${value}`, 'after')).status).toBe(400);
      expect(
        (await hostile(`/api/v1/stuck?${range}&after=channel_pay&graceMs=${value}`, 'graceMs')).status,
      ).toBe(400);
      expect((await hostile(`/api/v1/timeouts?${range}&limit=${value}`, 'limit')).status).toBe(400);
      // As a parameter name: unknown, refused by name.
      expect((await hostile(`/api/v1/steps?${range}&${value}=1`, payload.slice(0, 64))).status).toBe(400);

      // As a dimension value: a valid filter that matches nothing (or a 400 when too long).
      for (const dimension of ['payment.channel', 'service.name', 'deployment.environment.name']) {
        const filter = `${enc(dimension)}=${value}`;
        const steps = await hostile(`/api/v1/steps?${range}&${filter}`, dimension);
        if (steps.status === 200) {
          expect((steps.body.steps as { count: number }[]).every((s) => s.count === 0)).toBe(true);
          const series = await hostile(`/api/v1/steps/series?${range}&step=notify&${filter}`, dimension);
          expect((series.body.points as { count: number }[]).every((p) => p.count === 0)).toBe(true);
          const timeouts = await hostile(`/api/v1/timeouts?${range}&${filter}`, dimension);
          expect(timeouts.body.hotspots).toEqual([]);
          const funnel = await hostile(`/api/v1/funnel?${range}&${filter}`, dimension);
          expect(funnel.body.journeys).toBe(0);
          const stuck = await hostile(`/api/v1/stuck?${range}&after=channel_pay&${filter}`, dimension);
          expect(stuck.body.journeys).toEqual([]);
        }
      }
    },
  );

  it('leave every table as it was', async () => {
    expect(await tableRows()).toEqual(tablesBefore);
    const steps = (await (await fetch(`${h.url}/api/v1/steps?${range}`)).json()) as {
      steps: { count: number }[];
    };
    expect(steps.steps[0]!.count).toBe(300);
  });
});

describe('parameter validation', () => {
  it.each([
    ['/steps?from=2026-13-40', 'from'],
    [`/steps?from=${NOW}&to=${FROM}`, 'from'],
    [`/steps?from=${FROM - 40 * 86_400_000}&to=${FROM}`, 'from'],
    ['/steps?groupBy=payment.channel,payment.channel', 'groupBy'],
    ['/steps?groupBy=a,b,c,d', 'groupBy'],
    ['/steps?from=1&from=2', 'from'],
    ['/steps?chanel=alipay', 'chanel'],
    ['/steps/series', 'step'],
    ['/steps/series?step=notify&bucket=1ms', 'bucket'],
    [`/steps/series?step=notify&bucket=1s&from=${FROM - 30 * 86_400_000}&to=${FROM}`, 'bucket'],
    ['/stuck', 'after'],
    ['/stuck?after=notify', 'after'],
    ['/stuck?after=channel_pay&graceMs=-5', 'graceMs'],
    ['/stuck?after=channel_pay&limit=0', 'limit'],
    ['/timeouts?limit=1e3', 'limit'],
    ['/link?x=1', 'x'],
  ])('%s → 400 naming %s', async (path, name) => {
    const response = await fetch(`${h.url}/api/v1${path}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain(`'${name}'`);
  });
});
