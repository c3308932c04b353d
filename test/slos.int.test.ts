import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { sloSources } from '../server/src/slo/slo-coverage.ts';
import { type SloStatus, sloReport, sloSeries } from '../server/src/slo/slo-service.ts';
import { merge, type Payment, type PaymentPlan, payment, type SpanSpec } from './support/journey-shapes.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';
import { SdkSender } from './support/sdk-sender.ts';
import { type Counts, countIn, linkWithSlos, type ModelSlo, modelBurn } from './support/slo-model.ts';

// Issue #16: SLOs over four days of payments sent with the real OpenTelemetry SDK, a payment in
// about a third of the minutes and one every minute during an incident in the last two hours. The
// test knows every span's outcome, so it counts good and total per window itself; paylens must give
// the same exact counts from its minute rollup, span by span, and with the rollup complete only
// from midway.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The data ends at a whole minute an hour ago; it starts four days before. */
const END = Math.floor(Date.now() / MINUTE) * MINUTE - HOUR;
const START = END - 4 * DAY;
const INCIDENT_FROM = END - 2 * HOUR;

const SLOS = {
  create_order: { objective: 99.5, latencyMs: 70, window: '28d' },
  risk_check: { objective: 99, window: '3d' },
  channel_pay: { objective: 95, latencyMs: 800, window: '2d' },
};
const BURN: Record<string, number> = {
  '5m': 5 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '6h': 6 * HOUR,
  '3d': 3 * DAY,
};

/** A small seeded generator (mulberry32): the same payments on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A channel call that answered fine but after its step's 3 s budget (a timeout without an error
 * status): the call is stretched and everything after it in the payment moves along.
 */
function stretchChannelCall(p: Payment, extraMs: number): void {
  const call = p.checkout.spans.find((s) => s.step === 'channel_pay' && s.error === undefined);
  if (!call) return;
  const oldEnd = call.endMs;
  const delta = 3000 + extraMs - (call.endMs - call.startMs);
  for (const span of [...p.checkout.spans, ...p.callback.spans]) {
    if (span === call) continue;
    if (span.startMs >= oldEnd) {
      span.startMs += delta;
      span.endMs += delta;
    } else if (span.endMs >= oldEnd) span.endMs += delta;
  }
  call.endMs += delta;
}

function payments(): SpanSpec[] {
  const r = random(16);
  const all: Payment[] = [];
  for (let minute = START; minute < END; minute += MINUTE) {
    const incident = minute >= INCIDENT_FROM;
    if (!incident && r() > 0.33) continue;
    const pick = r();
    const attempts: PaymentPlan['attempts'] = incident
      ? pick < 0.5
        ? ['gateway timeout', 'gateway timeout']
        : [undefined]
      : pick < 0.72
        ? [undefined]
        : pick < 0.84
          ? ['gateway timeout', undefined]
          : pick < 0.92
            ? ['card declined']
            : ['insufficient funds', 'gateway timeout'];
    const p = payment({
      key: `slo-${minute}`,
      startMs: minute + Math.floor(r() * 59_000),
      keyOn: r() < 0.8 ? 'entry' : 'log',
      channel: ['alipay', 'wechat', 'card'][Math.floor(r() * 3)]!,
      attempts,
      nested: r() < 0.2,
      riskFails: r() < (incident ? 0.15 : 0.04) ? 'risk rejected' : undefined,
      seed: Math.floor(r() * 1000),
    });
    if (r() < 0.03) stretchChannelCall(p, Math.floor(r() * 500));
    all.push(p);
  }
  return all.flatMap((p) => [...p.checkout.spans, ...p.callback.spans]);
}

let dir: string;
let paylens: TestPaylens;
let spans: SpanSpec[];
let model: ModelSlo[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paylens-slos-'));
  paylens = await startTestPaylens({
    env: { PAYLENS_LINK: linkWithSlos(dir, SLOS), PAYLENS_ALERTING: 'off' },
  });
  // The SLO minutes view exists before the first span: its minutes are complete from the beginning.
  const sources = await sloSources(analyticsContext({ driver: paylens.driver, link: paylens.link }));
  expect(sources.rollupFromMs).toBe(0);
  spans = payments();
  model = paylens.link.steps.flatMap((step) =>
    step.slo
      ? [
          {
            step: step.id,
            objective: step.slo.objective,
            latencyMs: step.slo.latencyMs,
            windowMs: Number.parseInt(step.slo.window, 10) * DAY,
            timeoutMs: step.timeoutMs,
          },
        ]
      : [],
  );
  const sender = new SdkSender(paylens.otlpUrl!);
  for (let first = 0; first < spans.length; first += 6000)
    await sender.send(merge({ spans: spans.slice(first, first + 6000), logs: [] }));
  await sender.shutdown();
  await paylens.collector!.drain();
}, 300_000);

afterAll(async () => {
  await paylens?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(paylens.apiUrl + path);
  return { status: response.status, body: (await response.json()) as T };
}

/** What DESIGN.md says /slos answers at `at`, from the model's counts. */
function expected(at: number) {
  return model.map((slo) => {
    const whole = countIn(spans, slo, at - slo.windowMs, at);
    const burnCounts: Record<string, Counts> = {};
    const burnRates: Record<string, number | null> = {};
    for (const [name, ms] of Object.entries(BURN)) {
      burnCounts[name] = countIn(spans, slo, at - ms, at);
      burnRates[name] = modelBurn(burnCounts[name], slo.objective);
    }
    const burn = modelBurn(whole, slo.objective);
    return { slo, whole, burn, burnCounts, burnRates };
  });
}

function expectMatches(actual: readonly SloStatus[], at: number) {
  const wanted = expected(at);
  expect(actual.map((s) => s.step)).toEqual(wanted.map((w) => w.slo.step));
  for (const [i, w] of wanted.entries()) {
    const got = actual[i]!;
    const where = `${w.slo.step} at ${new Date(at).toISOString()}`;
    expect({ total: got.total, good: got.good }, where).toEqual(w.whole);
    expect(got.burnCounts, where).toEqual(w.burnCounts);
    expect(got.sli, where).toBeCloseTo(w.whole.good / w.whole.total, 12);
    expect(got.budgetRemaining, where).toBeCloseTo(1 - w.burn!, 12);
    for (const [name, rate] of Object.entries(w.burnRates)) {
      if (rate === null)
        expect(got.burnRates[name as keyof SloStatus['burnRates']], `${where} ${name}`).toBeNull();
      else
        expect(got.burnRates[name as keyof SloStatus['burnRates']], `${where} ${name}`).toBeCloseTo(rate, 12);
    }
  }
}

/** Instants to ask at: after the data (edges in partial minutes), inside the incident, on a whole minute. */
const AT = [END + 12_345, INCIDENT_FROM + 47 * MINUTE + 31_007, END - 3 * HOUR, START + DAY + 5_555];

describe('GET /api/v1/slos', () => {
  it('gives exact good and total counts, SLI, budget remaining and every burn rate', async () => {
    // The data is what the test meant it to be: every SLO sees good and bad spans, the incident burns.
    const now = expected(AT[0]!);
    for (const w of now) {
      expect(w.whole.total - w.whole.good, w.slo.step).toBeGreaterThan(10);
      expect(w.whole.good, w.slo.step).toBeGreaterThan(100);
    }
    expect(now.find((w) => w.slo.step === 'channel_pay')!.burnRates['1h']).toBeGreaterThan(5);
    const [rollupRows] = await paylens.driver.query<{ n: number }>(
      sql`SELECT count() AS n FROM paylens_slo_minutes`,
    );
    expect(Number(rollupRows!.n)).toBeGreaterThan(1000);

    for (const at of AT) {
      const { status, body } = await get<{ at: number; slos: SloStatus[] }>(`/api/v1/slos?at=${at}`);
      expect(status).toBe(200);
      expect(body.at).toBe(at);
      expectMatches(body.slos, at);
    }
  });

  it('answers the same from the minute rollup, span by span, and with the rollup complete from midway', async () => {
    const ctx = analyticsContext({ driver: paylens.driver, link: paylens.link });
    const sources = await sloSources(ctx);
    for (const at of AT) {
      const rolled = await sloReport(ctx, { atMs: at }, sources);
      const spanBySpan = await sloReport(ctx, { atMs: at }, { ...sources, rollupFromMs: undefined });
      const midway = await sloReport(ctx, { atMs: at }, { ...sources, rollupFromMs: at - 36 * HOUR + 1234 });
      expect(spanBySpan).toEqual(rolled);
      expect(midway).toEqual(rolled);
    }
  });

  it('refuses a bad `at` naming it', async () => {
    const { status, body } = await get<{ error: { message: string } }>('/api/v1/slos?at=yesterday');
    expect(status).toBe(400);
    expect(body.error.message).toContain("'at'");
  });
});

describe('GET /api/v1/slos/:step/series', () => {
  it('gives budget remaining at each bucket boundary over the SLO window ending there', async () => {
    const from = END - 6 * HOUR + 17_000;
    const { status, body } = await get<{
      step: string;
      windowMs: number;
      bucketMs: number;
      points: { t: number; total: number; good: number; budgetRemaining: number | null }[];
    }>(`/api/v1/slos/channel_pay/series?from=${from}&to=${END + 5000}&bucket=30m`);
    expect(status).toBe(200);
    const slo = model.find((m) => m.step === 'channel_pay')!;
    expect(body).toMatchObject({ step: 'channel_pay', windowMs: 2 * DAY, bucketMs: 30 * MINUTE });
    const points = body.points.map((p) => p.t);
    // Every multiple of 30 minutes (since the epoch) within [from, to].
    const wanted: number[] = [];
    for (let t = Math.ceil(from / (30 * MINUTE)) * 30 * MINUTE; t <= END + 5000; t += 30 * MINUTE)
      wanted.push(t);
    expect(wanted.length).toBe(12);
    // ...and the range's end, exactly as /slos answers at that instant.
    expect(points).toEqual([...wanted, END + 5000]);
    for (const point of body.points) {
      const counts = countIn(spans, slo, point.t - slo.windowMs, point.t);
      expect({ total: point.total, good: point.good }).toEqual(counts);
      expect(point.budgetRemaining).toBeCloseTo(1 - modelBurn(counts, slo.objective)!, 12);
    }
    // Span by span, the same series; and the last point is /slos at that instant.
    const ctx = analyticsContext({ driver: paylens.driver, link: paylens.link });
    const sources = await sloSources(ctx);
    const query = { step: 'channel_pay', range: { from, to: END + 5000 }, bucketMs: 30 * MINUTE };
    expect(await sloSeries(ctx, query, { ...sources, rollupFromMs: undefined })).toEqual(body);
    for (const t of [wanted.at(-1)!, END + 5000]) {
      const report = await sloReport(ctx, { atMs: t });
      const status = report.slos.find((s) => s.step === 'channel_pay')!;
      const shown = body.points.find((p) => p.t === t)!;
      expect({ total: shown.total, good: shown.good, budgetRemaining: shown.budgetRemaining }).toEqual({
        total: status.total,
        good: status.good,
        budgetRemaining: status.budgetRemaining,
      });
    }
  });

  it('refuses a step without SLO and a bucket that is not whole minutes', async () => {
    const noSlo = await get<{ error: { message: string } }>('/api/v1/slos/notify/series');
    expect(noSlo.status).toBe(400);
    expect(noSlo.body.error.message).toContain("'step'");
    const seconds = await get<{ error: { message: string } }>('/api/v1/slos/channel_pay/series?bucket=90s');
    expect(seconds.status).toBe(400);
    expect(seconds.body.error.message).toContain("'bucket'");
  });
});
