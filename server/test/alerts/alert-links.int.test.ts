import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTLEMENT_YAML } from '../../../test/support/two-links.ts';
import type { RuleView } from '../../src/alerts/rule-view.ts';
import { type Alerting, startAlerting } from '../../src/alerts/start-alerting.ts';
import { createLinkSet } from '../../src/link/link-set.ts';
import { DEFAULT_LINK_FILE, loadLinkFiles, parseLinkWithLines } from '../../src/link/load-link.ts';
import { type AlertHarness, channelPaySpan, startAlertHarness, traceId } from './alert-harness.ts';

// Issue #13: alert rules carry `link`. The same channel calls are the payment link's channel_pay
// (budget 3000 ms) and the settlement link's charge (budget 600 ms): a timeout-rate rule on each
// link sees its own link's timeouts.

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const links = createLinkSet([
  ...loadLinkFiles(DEFAULT_LINK_FILE),
  { ...parseLinkWithLines(SETTLEMENT_YAML, 'settlement.yaml'), file: 'settlement.yaml' },
]);

let harness: AlertHarness;
let alerting: Alerting | undefined;

const rule = (fields: Record<string, unknown>) => ({
  name: 'slow charges',
  metric: 'timeout_rate',
  op: '>',
  threshold: 0.4,
  window: '5m',
  ...fields,
});

beforeAll(async () => {
  harness = await startAlertHarness(T0, {}, links);
  // 10 calls of 1 s (timeouts against 600 ms, not against 3000 ms) and 10 of 100 ms.
  await harness.insertSpans(
    Array.from({ length: 20 }, (_, i) =>
      channelPaySpan({
        traceId: traceId(),
        channel: 'alipay',
        startMs: T0 - 120_000 + i * 1000,
        durationMs: i < 10 ? 1000 : 100,
      }),
    ),
  );
}, 120_000);

afterAll(async () => {
  await alerting?.stop();
  await harness?.close();
});

describe('alert rules with a link', () => {
  it('validate the step against the link they name, saving the default link when they name none', async () => {
    const onSettlement = await harness.api(
      'POST',
      '/api/v1/alert-rules',
      rule({ link: 'settlement', step: 'charge' }),
    );
    expect(onSettlement.status).toBe(201);
    expect((onSettlement.body as RuleView).link).toBe('settlement');
    const onDefault = await harness.api('POST', '/api/v1/alert-rules', rule({ step: 'channel_pay' }));
    expect(onDefault.status).toBe(201);
    expect((onDefault.body as RuleView).link).toBe('checkout-payment');

    const wrongStep = await harness.api(
      'POST',
      '/api/v1/alert-rules',
      rule({ link: 'settlement', step: 'channel_pay' }),
    );
    expect(wrongStep.status).toBe(400);
    expect(JSON.stringify(wrongStep.body)).toContain(
      'step: must be a step of the link (charge, confirm, mark_paid)',
    );
    const unknown = await harness.api('POST', '/api/v1/alert-rules', rule({ link: 'nope', step: 'charge' }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain(
      'link: must be one of the links (checkout-payment, settlement)',
    );
  });

  it("evaluates each rule over its own link's classification", async () => {
    alerting = startAlerting(harness.deps, {
      clock: harness.time,
      scheduler: harness.time,
      intervalMs: 30_000,
    });
    await alerting.idle();
    const { rules } = (await harness.api('GET', '/api/v1/alert-rules')).body as { rules: RuleView[] };
    const byLink = new Map(rules.map((r) => [r.link, r]));
    expect(byLink.get('settlement')!.state).toBe('firing');
    expect(byLink.get('settlement')!.alerts.map((a) => a.value)).toEqual([0.5]);
    expect(byLink.get('checkout-payment')!.state).toBe('inactive');
    expect(byLink.get('checkout-payment')!.alerts).toEqual([]);
    // What each rule read: the same 20 calls, 10 of them timeouts only against the 600 ms budget.
    const range = `from=${T0 - 300_000}&to=${T0}`;
    const timeouts = async (link: string, step: string) => {
      const { body } = await harness.api('GET', `/api/v1/steps?${range}&link=${link}`);
      const row = (body as { steps: { step: string; count: number; timeouts: number }[] }).steps.find(
        (s) => s.step === step,
      )!;
      return [row.count, row.timeouts];
    };
    expect(await timeouts('settlement', 'charge')).toEqual([20, 10]);
    expect(await timeouts('checkout-payment', 'channel_pay')).toEqual([20, 0]);
  });
});
