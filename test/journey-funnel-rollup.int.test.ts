import { describe, expect, it } from 'vitest';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { rangeFromMs } from '../server/src/analytics/link-spans-source.ts';
import { differences, type Range } from './fixtures/analytics-expected.ts';
import { expectValuesAsExact } from './support/funnel-paths.ts';
import {
  type Api,
  expectFunnel,
  expectStuck,
  GRACE_MS,
  hourWindow,
  settle,
  useJourneyPaylens,
} from './support/journey-checks.ts';
import { modelFunnel, modelJourneys } from './support/journey-model.ts';
import { merge, type Payment, payment, type Sent, shapePlans } from './support/journey-shapes.ts';
import { withWorth } from './support/journey-worth.ts';

// Issue #11: a funnel over hours reads the rollup of journeys per ten minutes (whole slots) and the
// journeys of the partial slots at each end. Its answers must equal the model's over what was sent
// — counts exactly, quantiles within 1% — whichever slot a journey starts in, and when late spans
// move a journey's start into another minute or slot, or out of the range. What the journeys are
// worth (the link's value) is summed in the rollup too, to the last digit, per currency: late
// entry spans bring a journey's value with them.

const fixture = useJourneyPaylens();
const MINUTE_MS = 60_000;
const SLOT_MS = 10 * MINUTE_MS;

/** A little over four hours, starting and ending inside a slot (partial slots at both ends). */
const r: Range = { from: hourWindow(1).from + 7 * MINUTE_MS, to: hourWindow(5).from + 13 * MINUTE_MS };

const everything = (payments: Payment[]) => merge(...payments.map((p) => merge(p.checkout, p.callback)));

/** The payment's checkout entry span: the journey's earliest span. */
const entryOf = (p: Payment) => p.checkout.spans.find((s) => s.parentSpanId === '')!;

/** Every payment but for its entry span, then the entry spans alone. */
function withoutEntries(payments: Payment[]): [Sent, Sent] {
  const entries = new Set(payments.map((p) => entryOf(p).spanId));
  const all = everything(payments);
  return [
    { spans: all.spans.filter((s) => !entries.has(s.spanId)), logs: all.logs },
    { spans: all.spans.filter((s) => entries.has(s.spanId)), logs: [] },
  ];
}

/** Two payments (key on the entry span; key on a log) whose entry span starts 2 ms before `atMs`. */
function straddling(prefix: string, atMs: number): Payment[] {
  const [onEntry, onLog] = shapePlans(prefix, 0);
  return [onEntry!, onLog!].map((plan) => payment({ ...plan, startMs: atMs - 2 }));
}

/** Two hours inside `r`, with whole slots in it: read exactly (no rollup), as the model counts. */
const short: Range = { from: hourWindow(2).from + 5 * MINUTE_MS, to: hourWindow(4).from + 5 * MINUTE_MS };

async function expectFiltered(api: Api, sent: Sent, channel: string): Promise<void> {
  const link = fixture.paylens.link;
  const actual = await api<unknown>(`/api/v1/funnel?payment.channel=${channel}&from=${r.from}&to=${r.to}`);
  const journeys = modelJourneys(sent, link, r).filter((j) => j.dims['payment.channel'] === channel);
  expect(journeys.length).toBeGreaterThan(0);
  expect(differences(actual, { ...modelFunnel(journeys, link), from: r.from, to: r.to, groups: [] })).toEqual(
    [],
  );
}

describe('the funnel over hours, from the ten-minute rollup', () => {
  const slotStart = (ms: number) => Math.floor(ms / SLOT_MS) * SLOT_MS;
  const steady = withWorth(
    [
      ...shapePlans('first-partial', r.from + 30_000),
      ...shapePlans('whole', hourWindow(2).from + 3 * MINUTE_MS),
      ...shapePlans('last-partial', r.to - 150_000),
      ...shapePlans('before', r.from - 120_000),
    ].map(payment),
  );
  // Late entry spans move these journeys' starts: into the slot before a whole slot, to the minute
  // before a partial slot's, and from inside the range to before it.
  const moved = withWorth(
    [
      ...straddling('slot', slotStart(hourWindow(3).from + 25 * MINUTE_MS)),
      ...straddling('minute', r.to - 90_000),
      ...straddling('out', r.from + 1),
    ],
    1,
  );
  const [early, entries] = withoutEntries(moved);
  const first = merge(everything(steady), early);

  it('reads the rollup and counts every journey as sent, before and after late spans move their starts', async () => {
    const { api, paylens, sender } = fixture;
    const ctx = analyticsContext({ driver: paylens.driver, link: paylens.link });
    await sender.send(first);
    await settle(paylens);
    expect(await ctx.journeys.funnelSlots(rangeFromMs(r))).toBeDefined();
    const before = await expectFunnel(api, paylens.link, first, r);
    await expectFiltered(api, first, 'alipay');
    await expectValuesAsExact(ctx, r);
    // What the data holds: two currencies with amounts, one worth 0, journeys without a value.
    const worth = modelJourneys(first, paylens.link, r);
    expect(new Set(worth.map((j) => j.currency))).toEqual(new Set(['', 'USD', 'CNY', 'JPY']));
    expect(worth.filter((j) => j.value === undefined).length).toBeGreaterThan(worth.length / 9);
    expect((before as unknown as { value: { currency: string }[] }).value.map((v) => v.currency)).toEqual([
      'CNY',
      'JPY',
      'USD',
    ]);

    await sender.send(entries);
    await settle(paylens);
    const all = merge(first, entries);
    const after = await expectFunnel(api, paylens.link, all, r);
    await expectFiltered(api, all, 'card');
    await expectStuck(api, paylens.link, all, r, GRACE_MS);
    await expectValuesAsExact(ctx, r);
    // A range on slot boundaries: whole slots alone, no partial ones to count journey by journey.
    const aligned: Range = { from: slotStart(r.from) + SLOT_MS, to: slotStart(r.to) };
    const plan = await ctx.journeys.funnelSlots(rangeFromMs(aligned));
    expect(plan).toBeDefined();
    expect(plan?.edges).toBeUndefined();
    await expectFunnel(api, paylens.link, all, aligned);
    expect(await ctx.journeys.funnelSlots(rangeFromMs(short))).toBeUndefined();
    await expectFunnel(api, paylens.link, all, short);
    // The payment whose entry span starts before the range left it.
    expect(modelJourneys(all, paylens.link, r).some((j) => j.id.startsWith('out-'))).toBe(false);
    expect(modelJourneys(first, paylens.link, r).some((j) => j.id.startsWith('out-'))).toBe(true);
    expect(after.journeys).toBe(modelJourneys(all, paylens.link, r).length);
  }, 300_000);
});
