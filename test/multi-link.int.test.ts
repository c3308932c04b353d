import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { linkSpansVersion, readCoverage } from '../server/src/analytics/link-spans-view.ts';
import type { LinkDefinition } from '../server/src/link/definition.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { sql } from '../store/src/sql.ts';
import type { Range } from './fixtures/analytics-expected.ts';
import { apiClient, expectAllAsSent, GRACE_MS, hourWindow } from './support/journey-checks.ts';
import { merge, payment, type Sent, shapePlans } from './support/journey-shapes.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';
import { SdkSender } from './support/sdk-sender.ts';
import { asSettlement, linkDirectory, withAmounts, withLink } from './support/two-links.ts';

// Issue #13: two links over one dataset. The settlement link's `charge` step is the payment link's
// `channel_pay` spans (a span that is a step of both), with a budget of its own; each link's
// answers are held to the test's own model of what was sent, classified the test's way.

const paymentsIn = (prefix: string, r: Range): Sent =>
  withAmounts(
    merge(
      ...shapePlans(prefix, r.from + 60_000)
        .map(payment)
        .map((p, i) => merge(p.checkout, i === 9 ? { spans: [], logs: [] } : p.callback)),
    ),
  );

/** Spans per step in the range, as the test classified them (what /steps must count). */
function stepCounts(sent: Sent, link: LinkDefinition, r: Range): Record<string, number> {
  const counts = Object.fromEntries(link.steps.map((step) => [step.id, 0]));
  for (const span of sent.spans) {
    if (span.step && span.startMs >= r.from && span.startMs < r.to) counts[span.step]! += 1;
  }
  return counts;
}

interface StepsBody {
  steps: { step: string; count: number; timeouts: number }[];
}

let paylens: TestPaylens;
let linksDir: string;
let dataDir: string;

/** Waits until everything sent is stored and every link's journeys are built. */
async function settle(): Promise<void> {
  await paylens.collector!.drain();
  for (const link of paylens.links.links) {
    expect(await analyticsContext(paylens, link).journeys.catchUp(Number.POSITIVE_INFINITY)).toBe(true);
  }
}

async function start(settlement: boolean): Promise<void> {
  linksDir = linkDirectory({ settlement });
  paylens = await startTestPaylens({ env: { PAYLENS_LINK: linksDir }, dataDir });
}

const api = () => apiClient(paylens.apiUrl!);
const link = (name: string) => paylens.links.byName(name)!;

/** The payment link the test copies into its links directory (two-links.ts). */
const paymentLink = loadLinkFile(DEFAULT_LINK_FILE);

describe('two links over one dataset', () => {
  const before = hourWindow(1);
  const beforeSent = paymentsIn('before', before);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'paylens-multi-link-'));
    // First with the payment link alone: data stored before the settlement link exists.
    await start(false);
    expect((await analyticsContext(paylens).coverage())?.coveredFromNs).toBe(0n);
    const sender = new SdkSender(paylens.otlpUrl!);
    await sender.send(beforeSent);
    await sender.shutdown();
    await settle();
    await paylens.stop();
    rmSync(linksDir, { recursive: true, force: true });
    await start(true);
  }, 300_000);

  afterAll(async () => {
    await paylens?.stop();
    rmSync(linksDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists both links, the first by file name as the default', async () => {
    expect(await api()('/api/v1/links')).toEqual({
      links: [
        {
          name: 'checkout-payment',
          title: 'checkout-payment',
          steps: paymentLink.steps.length,
          default: true,
        },
        { name: 'settlement', title: 'Settlement', steps: 3, default: false },
      ],
    });
    expect((await api()<{ name: string }>('/api/v1/link')).name).toBe('checkout-payment');
    expect((await withLink(api(), 'settlement')<{ name: string }>('/api/v1/link')).name).toBe('settlement');
  });

  it("keeps the payment link's coverage when a link is added, and covers the new one from now", async () => {
    await analyticsContext(paylens, link('settlement')).coverage();
    const paymentCoverage = await readCoverage(paylens.driver, link('checkout-payment'));
    expect(paymentCoverage?.coveredFromNs).toBe(0n);
    const settlementCoverage = await readCoverage(paylens.driver, link('settlement'));
    expect(settlementCoverage!.coveredFromNs).toBeGreaterThan(BigInt(Date.now()) * 1_000_000n);
  });

  it('answers each link over data stored before the settlement link was added', async () => {
    await settle();
    await expectAllAsSent(api(), link('checkout-payment'), beforeSent, before, GRACE_MS);
    await expectAllAsSent(
      withLink(api(), 'checkout-payment'),
      link('checkout-payment'),
      beforeSent,
      before,
      GRACE_MS,
    );
    const funnel = await expectAllAsSent(
      withLink(api(), 'settlement'),
      link('settlement'),
      asSettlement(beforeSent),
      before,
      GRACE_MS,
    );
    // Several currencies, exact sums: the USD journeys are worth 0.10, 0.20, 0.10 and 0.20 (a float
    // sum would say 0.6000000000000001).
    const value = (funnel as unknown as { value: { currency: string; journeys: string }[] }).value;
    expect(value.map((v) => v.currency)).toEqual(['CNY', 'EUR', 'JPY', 'USD']);
    expect(value.find((v) => v.currency === 'USD')!.journeys).toBe('0.6');
  }, 300_000);

  it('answers data sent after it the same way, from the link spans table', async () => {
    // Spans timestamped after the settlement link's coverage start: read from its rows.
    const nowMs = Date.now();
    const after = { from: nowMs + 180_000, to: nowMs + 180_000 + 3_600_000 };
    const afterSent = paymentsIn('after', after);
    const sender = new SdkSender(paylens.otlpUrl!);
    await sender.send(afterSent);
    await sender.shutdown();
    await settle();
    const settlement = link('settlement');
    const [rows] = await paylens.driver.query<{ n: number }>(
      sql`SELECT count() AS n FROM paylens_link_spans WHERE Link = ${linkSpansVersion(settlement)}`,
    );
    expect(Number(rows!.n)).toBe(
      Object.values(stepCounts(asSettlement(afterSent), settlement, after)).reduce((a, b) => a + b),
    );
    await expectAllAsSent(
      withLink(api(), 'settlement'),
      settlement,
      asSettlement(afterSent),
      after,
      GRACE_MS,
      {
        views: false,
      },
    );
    await expectAllAsSent(api(), link('checkout-payment'), afterSent, after, GRACE_MS, { views: false });
    for (const [r, sent] of [
      [before, beforeSent],
      [after, afterSent],
    ] as const) {
      for (const name of ['checkout-payment', 'settlement']) {
        const classified = name === 'settlement' ? asSettlement(sent) : sent;
        const steps = await withLink(api(), name)<StepsBody>(`/api/v1/steps?from=${r.from}&to=${r.to}`);
        expect(Object.fromEntries(steps.steps.map((s) => [s.step, s.count]))).toEqual(
          stepCounts(classified, link(name), r),
        );
      }
    }
  }, 300_000);

  it("times a span that is a step of both links against each link's own budget", async () => {
    const r = before;
    const calls = beforeSent.spans.filter((span) => span.step === 'channel_pay' && span.startMs >= r.from);
    const over = (budgetMs: number) => calls.filter((span) => span.endMs - span.startMs >= budgetMs).length;
    const timeoutsOf = async (name: string, step: string) =>
      (await withLink(api(), name)<StepsBody>(`/api/v1/steps?from=${r.from}&to=${r.to}`)).steps.find(
        (s) => s.step === step,
      )!.timeouts;
    // A status message alone is no timeout (DESIGN.md "Timeout"): the budget decides here.
    expect(over(600)).toBeGreaterThan(over(3000));
    expect(await timeoutsOf('settlement', 'charge')).toBe(over(600));
    expect(await timeoutsOf('checkout-payment', 'channel_pay')).toBe(over(3000));
  });

  it("names `link` in the 400 of every endpoint that reads a link, for a link it doesn't know", async () => {
    const r = `from=${before.from}&to=${before.to}`;
    const paths = [
      '/api/v1/link',
      `/api/v1/steps?${r}`,
      `/api/v1/steps/series?step=charge&${r}`,
      `/api/v1/timeouts?${r}`,
      `/api/v1/funnel?${r}`,
      `/api/v1/stuck?after=charge&${r}`,
      `/api/v1/traces?${r}`,
      '/api/v1/journeys/some-order',
    ];
    for (const path of paths) {
      const response = await fetch(`${paylens.apiUrl}${path}${path.includes('?') ? '&' : '?'}link=nope`);
      const body = (await response.json()) as { error: { message: string } };
      expect(response.status, path).toBe(400);
      expect(body.error.message, path).toMatch(/parameter 'link'/);
    }
  });

  it("re-classifies older ranges when a link's rules change at restart, keeping the other link's coverage", async () => {
    // The settlement link's charge budget goes from 600 ms to 900 ms.
    await paylens.stop();
    const file = join(linksDir, 'b-settlement.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('timeoutMs: 600', 'timeoutMs: 900'));
    paylens = await startTestPaylens({ env: { PAYLENS_LINK: linksDir }, dataDir });
    await analyticsContext(paylens, link('settlement')).coverage();
    expect((await readCoverage(paylens.driver, link('checkout-payment')))?.coveredFromNs).toBe(0n);
    const calls = beforeSent.spans.filter((span) => span.step === 'channel_pay');
    const r = `from=${before.from}&to=${before.to}`;
    const steps = await withLink(api(), 'settlement')<StepsBody>(`/api/v1/steps?${r}`);
    expect(steps.steps.find((s) => s.step === 'charge')!.timeouts).toBe(
      calls.filter((span) => span.endMs - span.startMs >= 900).length,
    );
    await settle();
    await expectAllAsSent(
      withLink(api(), 'settlement'),
      link('settlement'),
      asSettlement(beforeSent),
      before,
      GRACE_MS,
      {
        views: false,
      },
    );
  }, 300_000);

  it("validates parameters against the named link's steps", async () => {
    const r = `from=${before.from}&to=${before.to}`;
    const settlement = withLink(api(), 'settlement');
    const series = await settlement<{ step: string; points: unknown[] }>(
      `/api/v1/steps/series?step=charge&${r}`,
    );
    expect(series.step).toBe('charge');
    const unknown = await fetch(`${paylens.apiUrl}/api/v1/steps/series?step=charge&${r}`);
    expect(unknown.status).toBe(400);
    const search = await settlement<{ traces: { steps: string[] }[] }>(
      `/api/v1/traces?step=charge&limit=1000&${r}`,
    );
    const expected = new Set(beforeSent.spans.filter((s) => s.step === 'channel_pay').map((s) => s.traceId));
    expect(search.traces).toHaveLength(expected.size);
    for (const trace of search.traces) expect(trace.steps).toContain('charge');
  });
});
