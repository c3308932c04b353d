import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { rangeFromMs } from '../server/src/analytics/link-spans-source.ts';
import { checkSummaries, checkViolations } from '../server/src/checks/checks-service.ts';
import { judgeJourney } from '../server/src/checks/judge.ts';
import { checkSteps } from '../server/src/link/check-schema.ts';
import { linkChecks } from '../server/src/link/definition.ts';
import { type CheckScenario, checkScenarios } from './support/check-scenarios.ts';
import { apiClient, hourWindow, settle } from './support/journey-checks.ts';
import { merge } from './support/journey-shapes.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';
import { SdkSender } from './support/sdk-sender.ts';

// Issue #14: the five kinds of consistency check over journeys sent with the real OpenTelemetry
// SDK, against the violations each scenario was written to have (test/support/check-scenarios.ts).

const LINK = fileURLToPath(new URL('./fixtures/checks-link.yaml', import.meta.url));

let paylens: TestPaylens;
let sender: SdkSender;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  paylens = await startTestPaylens({ env: { PAYLENS_LINK: LINK } });
  const coverage = await analyticsContext({ driver: paylens.driver, link: paylens.link }).coverage();
  expect(coverage?.coveredFromNs).toBe(0n);
  sender = new SdkSender(paylens.otlpUrl!);
  api = apiClient(paylens.apiUrl!);
});
afterAll(async () => {
  await sender?.shutdown();
  await paylens?.dispose();
});

interface Sample {
  key: string;
  traceIds: string[];
  at: number;
  detail: string;
}
interface ChecksBody {
  checks: {
    id: string;
    kind: string;
    severity: string;
    journeys: number;
    violations: number;
    rate: number | null;
    samples: Sample[];
    trend: { bucketMs: number; points: { t: number; violations: number }[] };
  }[];
}
interface ViolationsBody {
  id: string;
  total: number;
  violations: (Sample & { spanIds: string[] })[];
}

/** What the scenarios were written to have, per check: judged journeys and violations newest first. */
function expected(scenarios: readonly CheckScenario[]) {
  return linkChecks(paylens.link).map((check) => {
    const judged = scenarios.filter((s) => s.journey.steps.some((span) => span.step === check.step));
    const violations = judged
      .filter((s) => s.violates[check.id])
      .map((s) => {
        const v = s.violates[check.id]!;
        const steps = checkSteps(check);
        return {
          key: s.journey.key,
          at: v.atMs,
          spanIds: v.spans.map((span) => span.spanId).sort(),
          traceIds: [
            ...new Set(
              s.journey.steps.filter((span) => steps.includes(span.step!)).map((span) => span.traceId),
            ),
          ].sort(),
        };
      })
      .sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
    return { check, journeys: judged.length, violations };
  });
}

describe('consistency checks through the real OpenTelemetry SDK', () => {
  const r = hourWindow(0);
  const scenarios = checkScenarios('tcc', r.from, r.to);
  const range = `from=${r.from}&to=${r.to}`;

  it('the TypeScript rules find exactly the violations each scenario was written to have', () => {
    const nowNs = BigInt(r.to) * 1_000_000n;
    for (const s of scenarios) {
      for (const check of linkChecks(paylens.link)) {
        const spans = s.journey.steps.map((span) => ({
          spanId: span.spanId,
          step: span.step!,
          startNs: BigInt(span.startMs) * 1_000_000n,
          endNs: BigInt(span.endMs) * 1_000_000n,
          ok: span.error === undefined,
        }));
        const found = judgeJourney(check, spans, nowNs).violation;
        const want = s.violates[check.id];
        expect(
          found && { at: Number(found.atNs / 1_000_000n), spanIds: found.spanIds },
          `${s.journey.key} ${check.id}`,
        ).toEqual(want && { at: want.atMs, spanIds: want.spans.map((span) => span.spanId).sort() });
      }
    }
  });

  it('counts, samples, violations and the journey view match the scenarios, spans arriving in separate requests', async () => {
    const parts = scenarios.map((s) => s.journey.sent());
    // The consumers' and callbacks' traces first, the checkouts (with the keys) in a later request.
    await sender.send(merge(...parts.map((p) => p.rest)));
    await sender.send(merge(...parts.map((p) => p.checkout)));
    // A retried export stores the first (clean) journey's checkout spans twice: still one charge.
    await sender.send(parts[0]!.checkout);
    await settle(paylens);

    const body = await api<ChecksBody>(`/api/v1/checks?${range}`);
    for (const want of expected(scenarios)) {
      const got = body.checks.find((c) => c.id === want.check.id)!;
      expect(got, want.check.id).toMatchObject({
        kind: want.check.kind,
        severity: want.check.severity,
        journeys: want.journeys,
        violations: want.violations.length,
        rate: want.violations.length / want.journeys,
      });
      expect(want.violations.length, `${want.check.id} has violations to find`).toBeGreaterThan(0);
      expect(got.samples.map(({ key, at, traceIds }) => ({ key, at, traceIds }))).toEqual(
        want.violations.slice(0, 5).map(({ key, at, traceIds }) => ({ key, at, traceIds })),
      );
      expect(got.trend.points.reduce((sum, p) => sum + p.violations, 0)).toBe(want.violations.length);
      // Each violation in the bucket its `at` falls in.
      const { bucketMs } = got.trend;
      for (const point of got.trend.points)
        expect(point.violations, `${want.check.id} at ${point.t}`).toBe(
          want.violations.filter((v) => Math.floor(v.at / bucketMs) * bucketMs === point.t).length,
        );

      const list = await api<ViolationsBody>(`/api/v1/checks/${want.check.id}/violations?${range}`);
      expect(list.total).toBe(want.violations.length);
      expect(
        list.violations.map(({ key, at, spanIds, traceIds }) => ({ key, at, spanIds, traceIds })),
      ).toEqual(want.violations);
      for (const v of list.violations) expect(v.detail).toContain(want.check.step);
    }

    for (const s of scenarios) {
      const view = await api<{ violations: { check: string; spanIds: string[] }[] }>(
        `/api/v1/journeys/${encodeURIComponent(s.journey.key)}`,
      );
      const want = Object.entries(s.violates)
        .map(([check, v]) => ({ check, spanIds: v.spans.map((span) => span.spanId).sort() }))
        .sort(
          (a, b) =>
            linkChecks(paylens.link).findIndex((c) => c.id === a.check) -
            linkChecks(paylens.link).findIndex((c) => c.id === b.check),
        );
      // The last scenario's callback is judged by now (its window passed since the range's end).
      if (s !== scenarios.at(-1)) expect(view.violations, s.journey.key).toEqual(want);
    }

    // The journeys resolved span by span (no journey store) give the very same answer.
    const ctx = analyticsContext({ driver: paylens.driver, link: paylens.link });
    const direct = await checkSummaries(ctx, { range: r, nowMs: Date.now(), spanBySpan: true });
    expect(JSON.parse(JSON.stringify(direct))).toEqual(body);
  }, 300_000);

  it('ranges that cut through journeys judge only their spans in them, from the store as span by span', async () => {
    // Bounds inside journeys: 50 ms after one's start (its checkout and Try fall out) to 1,050 ms
    // after a later one's (between its callback and its order update: judged as of that instant).
    const ctx = analyticsContext({ driver: paylens.driver, link: paylens.link });
    const cuts = scenarios
      .slice(0, Math.floor(scenarios.length / 2))
      .map((s, i) => ({ from: s.journey.startMs + 50, to: scenarios.at(-2 - i)!.journey.startMs + 1_050 }));
    let violations = 0;
    for (const cut of cuts) {
      expect(await ctx.journeys.checkJourneysIn(rangeFromMs(cut)), 'the store answers').toBeDefined();
      const want = expectedInRange(cut);
      for (const spanBySpan of [false, true]) {
        const { checks } = await checkSummaries(ctx, { range: cut, nowMs: Date.now(), spanBySpan });
        for (const { check, journeys, violations: list } of want) {
          const got = checks.find((c) => c.id === check.id)!;
          const label = `${check.id} ${JSON.stringify(cut)} ${spanBySpan}`;
          expect({ journeys: got.journeys, violations: got.violations }, label).toEqual({
            journeys,
            violations: list.length,
          });
          const listed = await checkViolations(ctx, {
            range: cut,
            nowMs: Date.now(),
            spanBySpan,
            check,
            limit: 100,
          });
          expect(
            listed.violations.map(({ key, at, spanIds, traceIds }) => ({ key, at, spanIds, traceIds })),
            label,
          ).toEqual(list);
          violations += list.length;
        }
      }
    }
    expect(violations, 'the cuts have violations to find').toBeGreaterThan(cuts.length);
  });

  /** Per check, judge.ts over each scenario's spans that start in the range, judged as of its end. */
  function expectedInRange(cut: { from: number; to: number }) {
    const nowNs = BigInt(cut.to) * 1_000_000n;
    return linkChecks(paylens.link).map((check) => {
      const judged = scenarios
        .map((s) => ({
          s,
          spans: s.journey.steps.filter((x) => x.startMs >= cut.from && x.startMs < cut.to),
        }))
        .filter(({ spans }) => spans.some((span) => span.step === check.step));
      const violations = judged
        .flatMap(({ s, spans }) => {
          const found = judgeJourney(
            check,
            spans.map((span) => ({
              spanId: span.spanId,
              step: span.step!,
              startNs: BigInt(span.startMs) * 1_000_000n,
              endNs: BigInt(span.endMs) * 1_000_000n,
              ok: span.error === undefined,
            })),
            nowNs,
          ).violation;
          const traceIds = [
            ...new Set(spans.filter((x) => checkSteps(check).includes(x.step!)).map((x) => x.traceId)),
          ].sort();
          return found
            ? [{ key: s.journey.key, at: Number(found.atNs / 1_000_000n), spanIds: found.spanIds, traceIds }]
            : [];
        })
        .sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
      return { check, journeys: judged.length, violations };
    });
  }

  it('leaves the inFunnel: false step out of the funnel and stuck payments', async () => {
    const funnel = await api<{ steps: { step: string; entered: number }[] }>(`/api/v1/funnel?${range}`);
    const inFunnel = paylens.link.steps.filter((s) => s.inFunnel !== false).map((s) => s.id);
    expect(funnel.steps.map((s) => s.step)).toEqual(inFunnel);
    expect(inFunnel).not.toContain('inventory_cancel');
    // Entered counts are the journeys sent with a span of the step (all started in the range).
    const started = scenarios.filter((s) => s.journey.startMs < r.to);
    for (const step of funnel.steps)
      expect(step.entered, step.step).toBe(
        started.filter((s) => s.journey.steps.some((x) => x.step === step.step)).length,
      );
    const stuck = await api<{ next: string }>(`/api/v1/stuck?after=order_update&graceMs=60000&${range}`);
    expect(stuck.next).toBe('inventory_confirm');
    const refused = await fetch(`${paylens.apiUrl}/api/v1/stuck?after=inventory_cancel&${range}`);
    expect(refused.status).toBe(400);
  });

  it('refuses an unknown check and bad parameters', async () => {
    const missing = await fetch(`${paylens.apiUrl}/api/v1/checks/nope/violations`);
    expect(missing.status).toBe(404);
    const bad = await fetch(`${paylens.apiUrl}/api/v1/checks/double_charge/violations?limit=0`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('limit');
  });
});
