import { sql } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { type ExporterSpelling, insertExportedLogs, insertExportedSpans } from './support/exporter-rows.ts';
import {
  expectedFunnel,
  expectedSpanView,
  expectedSteps,
  expectedTraces,
  LINK_STEPS,
} from './support/interop-expectations.ts';
import { JOURNEYS, journeyKeyOf, type PaymentDataset, paymentDataset } from './support/interop-payments.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';
import { differences, normalizeVariant } from './support/variant-normalizer.ts';

// Rows written exactly as the OpenTelemetry Collector's ClickHouse exporter writes them, in both
// spellings of its enums, and a fleet caught mid-upgrade writing both at once. The same payments are
// stored three times, two hours apart: every endpoint must answer each window like the reference
// (current spelling), and the reference must match numbers computed here from the spans' intent.
const HOUR_MS = 3_600_000;
const BASE_MS = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 10 * HOUR_MS;

interface Variant {
  id: number;
  name: string;
  spelling: ExporterSpelling | ((span: unknown, index: number) => ExporterSpelling);
  fromMs: number;
  dataset: PaymentDataset;
}

const VARIANTS: Variant[] = [
  { id: 1, name: 'current (Server/Error)', spelling: 'current' },
  { id: 2, name: 'legacy (SPAN_KIND_SERVER/STATUS_CODE_ERROR)', spelling: 'legacy' },
  {
    id: 3,
    name: 'mixed, span by span',
    spelling: (_span: unknown, i: number) => (i % 2 === 0 ? 'legacy' : 'current'),
  },
].map((v, i) => {
  const fromMs = BASE_MS + i * 2 * HOUR_MS;
  return { ...v, fromMs, dataset: paymentDataset(v.id, fromMs) } as Variant;
});
const REFERENCE = VARIANTS[0]!;

let paylens: TestPaylens;

beforeAll(async () => {
  paylens = await startTestPaylens();
  // The link-spans view exists before the exporter writes, so analytics read what it classified.
  await analyticsContext({ driver: paylens.driver, link: paylens.link }).coverage();
  for (const variant of VARIANTS) {
    await insertExportedSpans(paylens.driver, variant.dataset.spans, variant.spelling);
    await insertExportedLogs(paylens.driver, variant.dataset.logs);
  }
});
afterAll(async () => {
  await paylens?.dispose();
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${paylens.apiUrl}/api/v1${path}`);
  return { status: response.status, body: await response.json() };
}

/** The answer for a variant's window (200 required). */
async function answer(variant: Variant, path: (v: Variant) => string): Promise<unknown> {
  const { status, body } = await get(path(variant));
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

const range = (v: Variant) => `from=${v.fromMs}&to=${v.fromMs + HOUR_MS}`;

/** Every variant's answer equals the reference's once ids and instants are mapped onto it. */
async function expectSameAnswers(path: (v: Variant) => string): Promise<unknown> {
  const body = await answer(REFERENCE, path);
  const reference = normalizeVariant(body, REFERENCE.id, REFERENCE.fromMs);
  for (const variant of VARIANTS.slice(1)) {
    const other = normalizeVariant(await answer(variant, path), variant.id, variant.fromMs);
    expect(differences(other, reference), `${variant.name}: ${path(variant)}`).toEqual([]);
  }
  return body;
}

describe('exporter rows in both spellings', () => {
  it('are stored as the exporter spells them (the test really covers both)', async () => {
    const rows = await paylens.driver.query<{ kind: string; status: string }>(
      sql`SELECT DISTINCT SpanKind AS kind, StatusCode AS status FROM otel_traces`,
    );
    const kinds = new Set(rows.map((row) => row.kind));
    const statuses = new Set(rows.map((row) => row.status));
    for (const kind of [
      'Server',
      'Client',
      'Internal',
      'SPAN_KIND_SERVER',
      'SPAN_KIND_CLIENT',
      'SPAN_KIND_INTERNAL',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const status of [
      'Ok',
      'Unset',
      'Error',
      'STATUS_CODE_OK',
      'STATUS_CODE_UNSET',
      'STATUS_CODE_ERROR',
    ]) {
      expect(statuses).toContain(status);
    }
  });

  it("were classified at insert by paylens' link-spans view (analytics read it, not otel_traces)", async () => {
    expect(await analyticsContext({ driver: paylens.driver, link: paylens.link }).coverage()).toMatchObject({
      coveredFromNs: 0n,
    });
    const [row] = await paylens.driver.query<{ n: number }>(sql`SELECT count() AS n FROM paylens_link_spans`);
    const stepSpans = VARIANTS.flatMap((v) => v.dataset.spans).filter((span) => span.step !== null);
    expect(Number(row?.n)).toBe(stepSpans.length);
  });

  it('GET /steps: same per-step latency, errors and timeouts, equal to the exact numbers', async () => {
    const body = (await expectSameAnswers((v) => `/steps?${range(v)}`)) as {
      steps: { step: string; count: number; errors: number; timeouts: number; [q: string]: unknown }[];
    };
    const expected = expectedSteps(REFERENCE.dataset.spans);
    expect(body.steps.map((s) => s.step)).toEqual([...LINK_STEPS]);
    for (const step of expected) {
      const actual = body.steps.find((s) => s.step === step.step)!;
      expect([actual.count, actual.errors, actual.timeouts], step.step).toEqual([
        step.count,
        step.errors,
        step.timeouts,
      ]);
      for (const [name, value] of Object.entries(step.quantiles)) {
        if (value === null) expect(actual[name], `${step.step} ${name}`).toBeNull();
        else expect(actual[name] as number, `${step.step} ${name}`).toBeCloseTo(value, 6);
      }
    }
  });

  it('GET /steps grouped by channel and filtered by a dimension', async () => {
    await expectSameAnswers((v) => `/steps?${range(v)}&groupBy=payment.channel`);
    const filtered = (await expectSameAnswers((v) => `/steps?${range(v)}&payment.channel=wechatpay`)) as {
      steps: { step: string; count: number; timeouts: number }[];
    };
    const wechat = REFERENCE.dataset.spans.filter((s) => s.attributes['payment.channel'] === 'wechatpay');
    const channel = filtered.steps.find((s) => s.step === 'channel_pay')!;
    expect(channel.count).toBe(wechat.filter((s) => s.step === 'channel_pay').length);
    expect(channel.timeouts).toBe(2); // journeys 3 and 11
  });

  it('GET /steps/series: same points', async () => {
    const body = (await expectSameAnswers(
      (v) => `/steps/series?step=channel_pay&${range(v)}&bucket=10m`,
    )) as { points: { count: number; timeouts: number }[] };
    const channelSpans = REFERENCE.dataset.spans.filter((s) => s.step === 'channel_pay');
    expect(body.points.reduce((sum, p) => sum + p.count, 0)).toBe(channelSpans.length);
    expect(body.points.reduce((sum, p) => sum + p.timeouts, 0)).toBe(2);
  });

  it('GET /timeouts: same hotspots and inversions', async () => {
    const body = (await expectSameAnswers((v) => `/timeouts?${range(v)}`)) as {
      hotspots: { step: string; channel: string | null; timeouts: number }[];
    };
    for (const step of expectedSteps(REFERENCE.dataset.spans)) {
      const timeouts = body.hotspots
        .filter((h) => h.step === step.step)
        .reduce((sum, h) => sum + h.timeouts, 0);
      expect(timeouts, step.step).toBe(step.timeouts);
    }
    expect(body.hotspots.find((h) => h.step === 'channel_pay')?.channel).toBe('wechatpay');
  });

  it('GET /funnel: same journeys, entered, succeeded and dropped per step', async () => {
    const body = (await expectSameAnswers((v) => `/funnel?${range(v)}`)) as {
      journeys: number;
      steps: { step: string; entered: number; succeeded: number; dropped: number }[];
      completed: { count: number };
    };
    const expected = expectedFunnel(REFERENCE.dataset);
    expect(body.journeys).toBe(expected.journeys);
    expect(
      body.steps.map((s) => ({
        step: s.step,
        entered: s.entered,
        succeeded: s.succeeded,
        dropped: s.dropped,
      })),
    ).toEqual(expected.steps);
    expect(body.completed.count).toBe(expected.steps.at(-1)!.succeeded);
    await expectSameAnswers((v) => `/funnel?${range(v)}&groupBy=payment.channel`);
  });

  it('GET /stuck: the paid journey that was never called back, in every window', async () => {
    const body = (await expectSameAnswers((v) => `/stuck?after=channel_pay&graceMs=60000&${range(v)}`)) as {
      journeys: { key: string; traceIds: string[] }[];
    };
    expect(body.journeys.map((j) => j.key)).toEqual([journeyKeyOf(REFERENCE.id, 6)]);
  });

  it('GET /traces: same search results for every filter, equal to the exact summaries', async () => {
    const body = (await expectSameAnswers((v) => `/traces?${range(v)}`)) as {
      traces: {
        traceId: string;
        spanCount: number;
        status: string;
        rootService: string;
        rootName: string;
        durationMs: number;
        steps: string[];
      }[];
    };
    const expected = expectedTraces(REFERENCE.dataset.spans);
    expect(body.traces).toHaveLength(expected.length);
    for (const trace of expected) {
      const actual = body.traces.find((t) => t.traceId === trace.traceId);
      expect(actual, trace.traceId).toBeDefined();
      expect({ ...actual!, steps: [...actual!.steps].sort(), durationMs: undefined }).toMatchObject({
        ...trace,
        steps: [...trace.steps].sort(),
        durationMs: undefined,
      });
      expect(actual!.durationMs).toBeCloseTo(trace.durationMs, 6);
    }
    const errors = (await expectSameAnswers((v) => `/traces?${range(v)}&status=error`)) as typeof body;
    expect(errors.traces.map((t) => t.traceId).sort()).toEqual(
      expected
        .filter((t) => t.status === 'error')
        .map((t) => t.traceId)
        .sort(),
    );
    const notify = (await expectSameAnswers((v) => `/traces?${range(v)}&step=notify`)) as typeof body;
    expect(notify.traces).toHaveLength(expected.filter((t) => t.steps.includes('notify')).length);
    await expectSameAnswers((v) => `/traces?${range(v)}&minMs=500`);
    await expectSameAnswers((v) => `/traces?${range(v)}&key=${journeyKeyOf(v.id, 7)}`);
  });

  it('GET /traces/:traceId: same waterfall for every trace; steps, statuses, kinds, timeouts as meant', async () => {
    for (const journey of REFERENCE.dataset.journeys) {
      for (const traceId of journey.traceIds) {
        const body = (await expectSameAnswers((v) => `/traces/${v.id}${traceId.slice(1)}`)) as {
          spans: {
            spanId: string;
            step: string | null;
            status: string;
            kind: string;
            timeout: boolean;
            durationMs: number;
          }[];
        };
        const expected = REFERENCE.dataset.spans
          .filter((s) => s.traceId === traceId)
          .map(expectedSpanView)
          .sort();
        const actual = body.spans
          .map((s) => [s.spanId, s.step, s.status, s.kind, s.timeout, s.durationMs])
          .sort();
        expect(actual.map((row) => row.slice(0, 5))).toEqual(expected.map((row) => row.slice(0, 5)));
        actual.forEach((row, i) => {
          expect(row[5] as number).toBeCloseTo(expected[i]![5], 6);
        });
      }
    }
  });

  it('GET /journeys/:key: same journey for every payment, with its traces and logs', async () => {
    for (let j = 0; j < JOURNEYS; j++) {
      const body = (await expectSameAnswers((v) => `/journeys/${journeyKeyOf(v.id, j)}`)) as {
        spans: unknown[];
        logs: { body: string }[];
      };
      const journey = REFERENCE.dataset.journeys[j]!;
      expect(body.spans).toHaveLength(REFERENCE.dataset.spans.filter((s) => s.journey === j).length);
      const logs = REFERENCE.dataset.logs.filter(
        (log) => journey.traceIds.includes(log.traceId) || log.attributes['order.id'] === journey.key,
      );
      expect(body.logs.map((log) => log.body).sort()).toEqual(logs.map((log) => log.body).sort());
    }
  });
});
