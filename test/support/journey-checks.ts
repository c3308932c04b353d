import { afterAll, beforeAll, expect } from 'vitest';
import { analyticsContext } from '../../server/src/analytics/context.ts';
import type { LinkDefinition } from '../../server/src/link/definition.ts';
import { funnelSteps } from '../../server/src/link/definition.ts';
import { differences, type Range } from '../fixtures/analytics-expected.ts';
import {
  type ModelJourney,
  modelFunnel,
  modelFunnelGroups,
  modelJourneys,
  modelStuck,
} from './journey-model.ts';
import type { Sent } from './journey-shapes.ts';
import { startTestPaylens, type TestPaylens } from './paylens-harness.ts';
import { SdkSender } from './sdk-sender.ts';

/**
 * paylens in this process over a fresh store, once its link spans view is in place: spans sent
 * before that would make the view cover only from "now" on, and reads of past ranges would take
 * the span-by-span path instead of the journey builder's.
 */
export async function startJourneyPaylens(
  options: Parameters<typeof startTestPaylens>[0] = {},
): Promise<TestPaylens> {
  const paylens = await startTestPaylens(options);
  const coverage = await analyticsContext({ driver: paylens.driver, link: paylens.link }).coverage();
  expect(coverage?.coveredFromNs).toBe(0n);
  return paylens;
}

/** paylens, an SDK sender to its collector and an API client, for one test file. */
export interface JourneyFixture {
  paylens: TestPaylens;
  sender: SdkSender;
  api: Api;
}

/**
 * Starts paylens (startJourneyPaylens) before the file's tests and stops it after; the returned
 * object is filled in by then.
 */
export function useJourneyPaylens(): JourneyFixture {
  const fixture = {} as JourneyFixture;
  beforeAll(async () => {
    fixture.paylens = await startJourneyPaylens();
    fixture.sender = new SdkSender(fixture.paylens.otlpUrl!);
    fixture.api = apiClient(fixture.paylens.apiUrl!);
  });
  afterAll(async () => {
    await fixture.sender?.shutdown();
    await fixture.paylens?.dispose();
  });
  return fixture;
}

const HOUR_MS = 3_600_000;
/** Where the journey tests' hour windows start: twelve whole hours ago. */
const WINDOWS_FROM_MS = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 12 * HOUR_MS;

/** The i-th hour-long range of the journey tests (each test sends into hours of its own). */
export const hourWindow = (i: number): Range => ({
  from: WINDOWS_FROM_MS + i * HOUR_MS,
  to: WINDOWS_FROM_MS + (i + 1) * HOUR_MS,
});

/** How long a journey may wait after a step before it counts as stuck, in the journey tests. */
export const GRACE_MS = 60_000;

/**
 * Waits until what was sent is stored and the journey builder has built every arrival, so reads
 * answer from the built journeys (paylens_journeys), not from the span-by-span fallback a read
 * takes when the builder cannot catch up within its budget.
 */
export async function settle(paylens: TestPaylens): Promise<void> {
  await paylens.collector!.drain();
  const { journeys } = analyticsContext({ driver: paylens.driver, link: paylens.link });
  expect(await journeys.catchUp(Number.POSITIVE_INFINITY)).toBe(true);
}

/** Reads paylens' API as JSON, failing on any status but 200. */
export function apiClient(apiUrl: string) {
  return async <T>(path: string): Promise<T> => {
    const response = await fetch(apiUrl + path);
    const body = await response.json();
    expect(response.status, `${path}: ${JSON.stringify(body)}`).toBe(200);
    return body as T;
  };
}

export type Api = ReturnType<typeof apiClient>;

export interface FunnelBody {
  journeys: number;
  steps: {
    step: string;
    entered: number;
    succeeded: number;
    failed: number;
    dropped: number;
    conversionFromStart: number | null;
    topErrors: { message: string; count: number; attempts: number }[];
  }[];
  completed: { count: number; p50: number | null; p90: number | null; p99: number | null };
}

export interface StuckBody {
  total: number;
  journeys: { key: string; traceIds: string[] }[];
}

export interface JourneyViewBody {
  key: string;
  durationMs: number;
  traces: { traceId: string; via: string; linkedFrom?: string }[];
  spans: { traceId: string; spanId: string; step: string | null; status: string; timeout: boolean }[];
}

const range = (r: Range) => `from=${r.from}&to=${r.to}`;

export const getFunnel = (api: Api, r: Range) => api<FunnelBody>(`/api/v1/funnel?${range(r)}`);

export const getStuck = (api: Api, r: Range, after: string, graceMs: number) =>
  api<StuckBody>(`/api/v1/stuck?after=${after}&graceMs=${graceMs}&limit=1000&${range(r)}`);

export const getJourney = (api: Api, key: string) =>
  api<JourneyViewBody>(`/api/v1/journeys/${encodeURIComponent(key)}`);

/** The funnel matches the model: every count exactly, quantiles within 1% (DESIGN.md). */
export async function expectFunnel(
  api: Api,
  link: LinkDefinition,
  sent: Sent,
  r: Range,
): Promise<FunnelBody> {
  const actual = await getFunnel(api, r);
  const journeys = modelJourneys(sent, link, r);
  const expected = modelFunnel(journeys, link);
  expect(differences(actual, { ...expected, from: r.from, to: r.to, groups: [] })).toEqual([]);
  // Per channel too: a journey's channel is the first one found on its step spans.
  const byChannel = await api<unknown>(`/api/v1/funnel?groupBy=payment.channel&${range(r)}`);
  const groups = modelFunnelGroups(journeys, link, 'payment.channel');
  expect(differences(byChannel, { ...expected, from: r.from, to: r.to, groups })).toEqual([]);
  return actual;
}

/** The stuck list after every step but the last matches the model, total and every field. */
export async function expectStuck(
  api: Api,
  link: LinkDefinition,
  sent: Sent,
  r: Range,
  graceMs: number,
): Promise<void> {
  const journeys = modelJourneys(sent, link, r);
  for (const step of funnelSteps(link).slice(0, -1)) {
    const actual = await getStuck(api, r, step.id, graceMs);
    const expected = modelStuck(journeys, link, step.id, graceMs, r.to);
    expect(actual, `stuck after ${step.id}`).toEqual(expected);
    // A short page: the oldest few, with the total and value at risk of them all.
    const page = await api<StuckBody>(
      `/api/v1/stuck?after=${step.id}&graceMs=${graceMs}&limit=2&${range(r)}`,
    );
    expect(page, `stuck after ${step.id}, limit 2`).toEqual({
      ...expected,
      journeys: expected.journeys.slice(0, 2),
    });
  }
}

/** Each journey's view lists every trace with how it joined, and holds all their spans; search by key finds them all. */
export async function expectJourneyViews(
  api: Api,
  journeys: readonly ModelJourney[],
  r: Range,
): Promise<void> {
  for (const journey of journeys) {
    const view = await getJourney(api, journey.id);
    expect(view.traces, `traces of ${journey.id}`).toEqual(journey.refs);
    expect(view.spans.map((span) => span.spanId).sort(), `spans of ${journey.id}`).toEqual(
      journey.spans.map((span) => span.spanId).sort(),
    );
    const search = await api<{ traces: { traceId: string }[] }>(
      `/api/v1/traces?key=${encodeURIComponent(journey.id)}&limit=1000&${range(r)}`,
    );
    expect(search.traces.map((t) => t.traceId).sort(), `search by ${journey.id}`).toEqual(journey.traceIds);
  }
}

/** Funnel, stuck lists and journey views of the range all as the model computes them from `sent`. */
export async function expectAllAsSent(
  api: Api,
  link: LinkDefinition,
  sent: Sent,
  r: Range,
  graceMs: number,
  options: { views: boolean } = { views: true },
): Promise<FunnelBody> {
  const funnel = await expectFunnel(api, link, sent, r);
  await expectStuck(api, link, sent, r, graceMs);
  if (options.views) await expectJourneyViews(api, modelJourneys(sent, link, r), r);
  return funnel;
}
