import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/src/config.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

// Scaled out, one server process evaluates alerts and delivers webhooks (PAYLENS_ALERTING=on, the
// default); the others serve rules, history and the UI only.

const RULE = {
  name: 'no payments',
  step: 'channel_pay',
  metric: 'count',
  op: '<',
  threshold: 1,
  window: '5m',
  for: '0s',
  receivers: [],
};

let paylens: TestPaylens | undefined;
afterEach(async () => {
  await paylens?.dispose();
  paylens = undefined;
});

async function postRule(apiUrl: string) {
  const response = await fetch(`${apiUrl}/api/v1/alert-rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(RULE),
  });
  expect(response.status).toBe(201);
}

describe('PAYLENS_ALERTING', () => {
  it('on (the default): this process evaluates the rules', async () => {
    paylens = await startTestPaylens();
    await paylens.alerting!.idle(); // the evaluation run at start, before the rule existed
    await postRule(paylens.apiUrl!);
    const summary = await paylens.alerting!.evaluateNow();
    expect(summary).toMatchObject({ rules: 1, notifications: 1 });
  });

  it('off: rules are still served, but this process neither evaluates nor delivers', async () => {
    paylens = await startTestPaylens({ env: { PAYLENS_ALERTING: 'off' } });
    expect(paylens.alerting).toBeUndefined();
    await postRule(paylens.apiUrl!);
    const rules = (await (await fetch(`${paylens.apiUrl}/api/v1/alert-rules`)).json()) as {
      rules: { name: string }[];
    };
    expect(rules.rules.map((rule) => rule.name)).toEqual([RULE.name]);
  });

  it('refuses any other value, naming the variable', () => {
    expect(() => loadConfig({ PAYLENS_ALERTING: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ PAYLENS_ALERTING: 'sometimes' })).toThrow(/PAYLENS_ALERTING/);
  });
});
