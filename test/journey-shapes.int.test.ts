import { describe, expect, it } from 'vitest';
import type { Range } from './fixtures/analytics-expected.ts';
import { insertExportedLogs, insertExportedSpans } from './support/exporter-rows.ts';
import {
  expectAllAsSent,
  GRACE_MS,
  hourWindow,
  settle,
  useJourneyPaylens,
} from './support/journey-checks.ts';
import { modelJourneys } from './support/journey-model.ts';
import { exportedLog, exportedSpan, merge, payment, shapePlans } from './support/journey-shapes.ts';

// Issue #11: every instrumentation shape of a payment, sent with the real OpenTelemetry SDK (and
// once as rows in the OpenTelemetry Collector ClickHouse exporter's format), against what a model
// written in the test computes from what was sent: funnel, stuck lists, journey views, search by key.

const fixture = useJourneyPaylens();

/** Payments of every shape; the one at `stuckIndex` never gets its callback. */
function shapes(prefix: string, r: Range, stuckIndex = 9) {
  const payments = shapePlans(prefix, r.from + 60_000).map(payment);
  const sent = merge(
    ...payments.map((p) => p.checkout),
    ...payments.filter((_, i) => i !== stuckIndex).map((p) => p.callback),
  );
  return { payments, sent };
}

describe('journey shapes through the real OpenTelemetry SDK', () => {
  const r = hourWindow(0);
  const { payments, sent } = shapes('sdk', r);

  it('the model sees each shape as issue #11 describes it', () => {
    // Guards the test's own model: if it were wrong, the comparisons below would prove nothing.
    const journeys = new Map(modelJourneys(sent, fixture.paylens.link, r).map((j) => [j.id, j]));
    const channel = fixture.paylens.link.steps.findIndex((s) => s.id === 'channel_pay');
    const callback = channel + 1;
    for (const [i, p] of payments.entries()) {
      const j = journeys.get(p.plan.key)!;
      expect(j, p.plan.key).toBeDefined();
      const complete = !p.plan.riskFails && p.plan.attempts.includes(undefined) && i !== 9;
      // Key on the entry span or a log only, callback keyed, consumer and notifier linked: one journey.
      expect(j.traceIds).toEqual(
        Object.values(p.traces)
          .filter((t) => i !== 9 || t === p.traces.checkout)
          .sort(),
      );
      expect(j.attempts[channel]).toBe(p.plan.attempts.length);
      expect(j.succeeded.at(-1)).toBe(complete);
      expect(j.entered[callback]).toBe(complete);
      if (complete) {
        expect(j.refs.find((ref) => ref.traceId === p.traces.notifier)).toEqual({
          traceId: p.traces.notifier,
          via: 'link',
          linkedFrom: p.traces.consumer,
        });
      }
    }
  });

  it('funnel, stuck lists, journey views and search by key match what was sent', async () => {
    await fixture.sender.send(sent);
    await settle(fixture.paylens);
    const funnel = await expectAllAsSent(fixture.api, fixture.paylens.link, sent, r, GRACE_MS);
    // The shapes are really there (so the comparison above is not vacuous).
    const pay = funnel.steps.find((s) => s.step === 'channel_pay')!;
    expect(pay).toMatchObject({ retried: 5, overlapped: 3 });
    // Failed twice: counted once, under its last failing span's message; a failed attempt of a
    // journey that succeeded in the end counts in attempts only.
    expect(pay.topErrors).toEqual([
      { message: 'gateway timeout', count: 1, attempts: 4 },
      { message: 'insufficient funds', count: 1, attempts: 2 },
      { message: 'card declined', count: 0, attempts: 1 },
    ]);
    expect(funnel.steps.find((s) => s.step === 'payment_create')).toMatchObject({ overlapped: 0 });
    expect(funnel.completed.count).toBe(8);
  }, 300_000);
});

describe("journey shapes written as the OpenTelemetry Collector exporter's rows", () => {
  const r = hourWindow(1);
  const { sent } = shapes('exp', r);

  it('gives the same answers as the model, from rows written straight into otel_traces and otel_logs', async () => {
    await insertExportedSpans(
      fixture.paylens.driver,
      sent.spans.map(exportedSpan),
      (_, i) => (i % 2 ? 'legacy' : 'current'),
      7,
    );
    await insertExportedLogs(fixture.paylens.driver, sent.logs.map(exportedLog));
    await settle(fixture.paylens);
    const funnel = await expectAllAsSent(fixture.api, fixture.paylens.link, sent, r, GRACE_MS);
    expect(funnel.completed.count).toBe(8);
  }, 300_000);
});
