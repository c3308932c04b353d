import { describe, expect, it } from 'vitest';
import { funnelSteps } from '../server/src/link/definition.ts';
import {
  expectAllAsSent,
  expectFunnel,
  expectStuck,
  GRACE_MS,
  getFunnel,
  getStuck,
  hourWindow,
  settle,
  useJourneyPaylens,
} from './support/journey-checks.ts';
import { merge, type Payment, payment, type Sent, shapePlans } from './support/journey-shapes.ts';

// Issue #11: journeys whose spans arrive late, minutes apart, out of order, in separate requests,
// sent with the real OpenTelemetry SDK: the answers follow what has arrived, and end the same as if
// everything had been sent together.

const fixture = useJourneyPaylens();

async function send(sent: Sent): Promise<void> {
  await fixture.sender.send(sent);
  await settle(fixture.paylens);
}

describe('a payment callback arriving after the first query', () => {
  const r = hourWindow(2);
  const payments = shapePlans('late', r.from + 60_000).map(payment);
  const late = payments[0]!;
  // Payment 9 never gets its callback; payment 0's comes after the first query.
  const first = merge(
    ...payments.map((p) => p.checkout),
    ...payments.filter((_, i) => i !== 0 && i !== 9).map((p) => p.callback),
  );

  it('takes the journey off the stuck list and moves it along the funnel', async () => {
    await send(first);
    const before = await expectAllAsSent(fixture.api, fixture.paylens.link, first, r, GRACE_MS, {
      views: false,
    });
    const stuckBefore = await getStuck(fixture.api, r, 'channel_pay', GRACE_MS);
    expect(stuckBefore.journeys.map((j) => j.key)).toContain(late.plan.key);

    await send(late.callback);
    const all = merge(first, late.callback);
    const after = await expectAllAsSent(fixture.api, fixture.paylens.link, all, r, GRACE_MS);
    const stuckAfter = await getStuck(fixture.api, r, 'channel_pay', GRACE_MS);
    expect(stuckAfter.total).toBe(stuckBefore.total - 1);
    expect(stuckAfter.journeys.map((j) => j.key)).not.toContain(late.plan.key);
    const callback = (f: typeof before) => f.steps.find((s) => s.step === 'payment_callback')!;
    expect(callback(after).entered).toBe(callback(before).entered + 1);
    expect(callback(after).dropped).toBe(callback(before).dropped - 1);
    expect(after.completed.count).toBe(before.completed.count + 1);
  }, 300_000);
});

/** The same payments later in span time: the callback and what follows it `delayMs` after the channel. */
function delayed(payments: Payment[], delayMs: number): Payment[] {
  const shift = (sent: Sent): Sent => ({
    spans: sent.spans.map((s) => ({ ...s, startMs: s.startMs + delayMs, endMs: s.endMs + delayMs })),
    logs: sent.logs,
  });
  return payments.map((p) => ({ ...p, callback: shift(p.callback) }));
}

describe("one journey's spans sent minutes apart, out of order, in separate requests", () => {
  // Payment 9 never gets its callback, in both: a stuck journey to compare.
  const withoutStuck = (payments: Payment[]) =>
    payments.map((p, i) => (i === 9 ? { ...p, callback: { spans: [], logs: [] } } : p));
  const split = hourWindow(3);
  const together = hourWindow(4);
  const MINUTES = 4 * 60_000;
  const splitPayments = withoutStuck(delayed(shapePlans('split', split.from + 60_000).map(payment), MINUTES));
  const wholePayments = withoutStuck(
    delayed(shapePlans('whole', together.from + 60_000).map(payment), MINUTES),
  );
  const all = (payments: Payment[]) => merge(...payments.map((p) => merge(p.checkout, p.callback)));

  it('gives the same answers as the same journeys sent together', async () => {
    await send(all(wholePayments));
    const wholeFunnel = await getFunnel(fixture.api, together);

    // Children before the entry span carrying the key (and before the log carrying it); the
    // two-hop consumer before the consumer it links to, before the callback that one links to.
    const isEntry = (p: Payment, spanId: string) => p.checkout.spans[0]!.spanId === spanId;
    const requests: Sent[] = [
      merge(
        ...splitPayments.map((p) => ({
          spans: p.checkout.spans.filter((s) => !isEntry(p, s.spanId)),
          logs: [],
        })),
      ),
      merge(
        ...splitPayments.map((p) => ({
          spans: p.callback.spans.filter((s) => s.traceId === p.traces.notifier),
          logs: [],
        })),
      ),
      merge(
        ...splitPayments.map((p) => ({
          spans: p.callback.spans.filter((s) => s.traceId === p.traces.consumer),
          logs: [],
        })),
      ),
      merge(
        ...splitPayments.map((p) => ({
          spans: p.callback.spans.filter((s) => s.traceId === p.traces.callback),
          logs: [],
        })),
      ),
      merge(
        ...splitPayments.map((p) => ({
          spans: p.checkout.spans.filter((s) => isEntry(p, s.spanId)),
          logs: p.checkout.logs,
        })),
      ),
      // Last, the logs that carry the callbacks' keys (payments keyed by logs only).
      merge(...splitPayments.map((p) => ({ spans: [], logs: p.callback.logs }))),
    ];
    let sent: Sent = { spans: [], logs: [] };
    for (const request of requests) {
      await send(request);
      sent = merge(sent, request);
      // Each partial state is read (and so built) before the next request arrives.
      // ...and answers as the model does for what has arrived so far.
      await settle(fixture.paylens);
      await expectFunnel(fixture.api, fixture.paylens.link, sent, split);
      await expectStuck(fixture.api, fixture.paylens.link, sent, split, GRACE_MS);
    }
    expect(sent.spans).toHaveLength(all(splitPayments).spans.length);
    expect(sent.logs).toHaveLength(all(splitPayments).logs.length);
    const splitFunnel = await expectAllAsSent(fixture.api, fixture.paylens.link, sent, split, GRACE_MS);
    const {
      from: _a,
      to: _b,
      ...splitRest
    } = splitFunnel as typeof splitFunnel & { from: number; to: number };
    const {
      from: _c,
      to: _d,
      ...wholeRest
    } = wholeFunnel as typeof wholeFunnel & { from: number; to: number };
    expect(splitRest).toEqual(wholeRest);
    expect(splitRest.completed.count).toBe(8);
    for (const step of funnelSteps(fixture.paylens.link).slice(0, -1)) {
      const [a, b] = [
        await getStuck(fixture.api, split, step.id, GRACE_MS),
        await getStuck(fixture.api, together, step.id, GRACE_MS),
      ];
      expect(a.total).toBe(b.total);
      if (step.id === 'channel_pay') expect(a.total).toBe(1);
      expect(a.journeys.map((j) => j.key.replace('split', ''))).toEqual(
        b.journeys.map((j) => j.key.replace('whole', '')),
      );
    }
  }, 600_000);
});
