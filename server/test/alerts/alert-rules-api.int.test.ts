import { sql } from '@paylens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleView } from '../../src/alerts/rule-view.ts';
import { type AlertHarness, startAlertHarness } from './alert-harness.ts';
import { ok, startReceiver } from './receiver.ts';

const ADMIN = 'admin-token-0123456789';
const READ = 'read-token-0123456789a';
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const SECRET = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;

let harness: AlertHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const valid = {
  name: 'paypal p99',
  step: 'channel_pay',
  metric: 'p99',
  op: '>',
  threshold: 1500,
  window: '5m',
  for: '1m',
  filters: { 'payment.channel': 'paypal' },
  groupBy: ['payment.channel'],
  labels: { severity: 'page' },
  annotations: { summary: 'PayPal is slow' },
  receivers: [
    {
      url: 'https://hooks.example.com/x',
      format: 'generic',
      secret: SECRET,
      headers: { Authorization: 'Bearer s3cret', 'X-Team': 'pay' },
    },
  ],
};

async function storedRuleRows(): Promise<number> {
  const [row] = await harness.driver.query<{ n: number }>(sql`SELECT count() AS n FROM paylens_alert_rules`);
  return Number(row?.n);
}

beforeAll(async () => {
  harness = await startAlertHarness(T0, { read: READ, admin: ADMIN });
  receiver = await startReceiver((_req, res) => ok(res));
});
afterAll(async () => {
  await receiver?.close();
  await harness?.close();
});

describe('bad rules', () => {
  const cases: [string, unknown, RegExp][] = [
    ['unknown step', { ...valid, step: 'teleport' }, /step: must be a step of the link/],
    ['negative window', { ...valid, window: '-5m' }, /window: must be a duration/],
    ['NaN threshold (string)', { ...valid, threshold: 'NaN' }, /threshold: /],
    ['NaN threshold (null)', { ...valid, threshold: null }, /threshold: /],
    [
      'non-http(s) URL',
      { ...valid, receivers: [{ url: 'file:///etc/passwd' }] },
      /receivers\.0\.url: must use http or https, not file/,
    ],
    [
      'metadata address',
      { ...valid, receivers: [{ url: 'http://169.254.169.254/latest' }] },
      /receivers\.0\.url: refused: 169\.254\.169\.254/,
    ],
    [
      'metadata address, other spelling',
      { ...valid, receivers: [{ url: 'http://0xA9FEA9FE/' }] },
      /receivers\.0\.url: refused: 169\.254\.169\.254/,
    ],
    [
      'IPv6 link-local',
      { ...valid, receivers: [{ url: 'http://[fe80::1]:8080/' }] },
      /receivers\.0\.url: refused: fe80::1/,
    ],
    ['unknown dimension', { ...valid, groupBy: ['card.bin'] }, /groupBy\.0: must be a dimension of the link/],
    [
      'rate above 1',
      { ...valid, metric: 'timeout_rate', threshold: 5 },
      /threshold: timeout_rate is a fraction/,
    ],
  ];
  for (const [name, rule, message] of cases) {
    it(`refuses ${name} with 400 naming the field, storing nothing`, async () => {
      const { status, body } = await harness.api('POST', '/api/v1/alert-rules', rule, ADMIN);
      expect(status).toBe(400);
      expect(body).toEqual({ error: { code: 'invalid_rule', message: expect.stringMatching(message) } });
      expect(await storedRuleRows()).toBe(0);
    });
  }

  it('refuses malformed JSON with 400', async () => {
    const response = await fetch(`${harness.baseUrl}/api/v1/alert-rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: '{"threshold": NaN}',
    });
    expect(response.status).toBe(400);
    expect(await storedRuleRows()).toBe(0);
  });
});

describe('auth', () => {
  it('needs the admin token to change rules and a read token to list them', async () => {
    expect((await harness.api('POST', '/api/v1/alert-rules', valid)).status).toBe(401);
    expect((await harness.api('POST', '/api/v1/alert-rules', valid, READ)).status).toBe(403);
    expect((await harness.api('GET', '/api/v1/alert-rules')).status).toBe(401);
    expect((await harness.api('GET', '/api/v1/alert-rules', undefined, READ)).status).toBe(200);
    expect((await harness.api('GET', '/api/v1/alert-rules', undefined, ADMIN)).status).toBe(200);
    expect(await storedRuleRows()).toBe(0);
  });
});

describe('CRUD', () => {
  let created: RuleView;

  it('creates a rule, adding id, version and state, never echoing secrets', async () => {
    const { status, body } = await harness.api('POST', '/api/v1/alert-rules', valid, ADMIN);
    expect(status).toBe(201);
    created = body as RuleView;
    expect(created).toEqual({
      ...valid,
      // A rule naming no link watches the default one, and says so.
      link: 'checkout-payment',
      id: expect.stringMatching(/^rul_[0-9a-f]{32}$/),
      version: 1,
      state: 'inactive',
      alerts: [],
      minCount: 0,
      enabled: true,
      windowMs: 300_000,
      forMs: 60_000,
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
      receivers: [
        {
          url: 'https://hooks.example.com/x',
          format: 'generic',
          headers: { Authorization: '<redacted>', 'X-Team': 'pay' },
          hasSecret: true,
          disabled: false,
        },
      ],
    });
    const listed = (await harness.api('GET', '/api/v1/alert-rules', undefined, READ)).body as {
      rules: RuleView[];
    };
    expect(listed.rules).toEqual([created]);
  });

  it('updates as a new version, keeping the secret and redacted headers unless replaced', async () => {
    const {
      id: _id,
      version,
      state: _s,
      alerts: _a,
      windowMs: _w,
      forMs: _f,
      createdAt: _c,
      updatedAt: _u,
      ...editable
    } = created;
    const update = {
      ...editable,
      version,
      threshold: 1800,
      receivers: [
        { url: 'https://hooks.example.com/x', format: 'slack', headers: { Authorization: '<redacted>' } },
      ],
    };
    const { status, body } = await harness.api('PUT', `/api/v1/alert-rules/${created.id}`, update, ADMIN);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: created.id, version: 2, threshold: 1800 });
    const [row] = await harness.driver.query<{ Body: string }>(
      sql`SELECT Body FROM paylens_alert_rules WHERE RuleId = ${created.id} AND Version = 2`,
    );
    expect(JSON.parse(row!.Body).receivers).toEqual([
      {
        url: 'https://hooks.example.com/x',
        format: 'slack',
        headers: { Authorization: 'Bearer s3cret' },
        secret: SECRET,
      },
    ]);
    const stale = await harness.api('PUT', `/api/v1/alert-rules/${created.id}`, update, ADMIN);
    expect(stale.status).toBe(409);
    const removed = await harness.api(
      'PUT',
      `/api/v1/alert-rules/${created.id}`,
      { ...update, version: 2, receivers: [{ url: 'https://hooks.example.com/x', secret: null }] },
      ADMIN,
    );
    expect((removed.body as RuleView).receivers[0]!.hasSecret).toBe(false);
  });

  it('sends a signed test notification to every receiver and reports each answer', async () => {
    const rule = await harness.api(
      'POST',
      '/api/v1/alert-rules',
      {
        ...valid,
        receivers: [
          { url: `${receiver.base}/hook`, secret: SECRET },
          { url: `${receiver.base}/gone`, format: 'slack' },
        ],
      },
      ADMIN,
    );
    receiver.setResponder((req, res) => {
      if (req.path === '/gone') {
        res.writeHead(404).end();
        return 404;
      }
      return ok(res);
    });
    const { status, body } = await harness.api(
      'POST',
      `/api/v1/alert-rules/${(rule.body as RuleView).id}/test`,
      {},
      ADMIN,
    );
    expect(status).toBe(200);
    const result = body as {
      deliveries: { url: string; ok: boolean; statusCode: number; outcome: string }[];
    };
    expect(result.deliveries.map((d) => [d.url, d.ok, d.statusCode, d.outcome])).toEqual([
      [`${receiver.base}/hook`, true, 200, 'delivered'],
      [`${receiver.base}/gone`, false, 404, 'rejected'],
    ]);
    const sent = receiver.received.find((request) => request.path === '/hook')!;
    expect(JSON.parse(sent.body)).toMatchObject({
      type: 'alert.firing',
      data: { test: true, value: null, rule: { name: 'paypal p99' } },
    });
    expect(sent.headers['webhook-signature']).toMatch(/^v1,/);
    expect(
      (await harness.api('POST', `/api/v1/alert-rules/${(rule.body as RuleView).id}/test`, {}, READ)).status,
    ).toBe(403);
  });

  it('deletes a rule; it is gone from the list and 404 afterwards', async () => {
    expect((await harness.api('DELETE', `/api/v1/alert-rules/${created.id}`, undefined, ADMIN)).status).toBe(
      204,
    );
    expect((await harness.api('GET', `/api/v1/alert-rules/${created.id}`, undefined, READ)).status).toBe(404);
    expect((await harness.api('DELETE', `/api/v1/alert-rules/${created.id}`, undefined, ADMIN)).status).toBe(
      404,
    );
    const listed = (await harness.api('GET', '/api/v1/alert-rules', undefined, READ)).body as {
      rules: RuleView[];
    };
    expect(listed.rules.map((rule) => rule.id)).not.toContain(created.id);
    expect((await harness.api('GET', '/api/v1/alert-rules/not-an-id', undefined, READ)).status).toBe(404);
  });

  it('validates history parameters', async () => {
    expect((await harness.api('GET', '/api/v1/alerts?limit=0', undefined, READ)).status).toBe(400);
    expect((await harness.api('GET', '/api/v1/alerts?from=yesterday', undefined, READ)).status).toBe(400);
    const { status, body } = await harness.api('GET', '/api/v1/alerts', undefined, READ);
    expect(status).toBe(200);
    expect(body).toEqual({ events: [], active: [] });
  });
});
