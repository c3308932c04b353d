import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedRoutes } from './support/express-routes.ts';
import { journeyKeyOf } from './support/interop-payments.ts';
import { loadOpenApi } from './support/openapi-validator.ts';
import { type SeededApp, startSeededApp } from './support/seeded-app.ts';

// Real responses of every documented endpoint, good requests and bad ones, against the response
// schemas of server/openapi.yaml; and every route the app serves under /api/v1 is documented.
const openapi = loadOpenApi();
let seeded: SeededApp;
/** A stored alert rule, for the rule and history endpoints' samples. */
let ruleId: string;

beforeAll(async () => {
  seeded = await startSeededApp();
  const created = await fetch(`${seeded.baseUrl}/api/v1/alert-rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'channel timeouts',
      step: 'channel_pay',
      metric: 'timeout_rate',
      op: '>=',
      threshold: 0.05,
      window: '10m',
      receivers: [{ url: 'https://hooks.example.com/paylens', format: 'generic' }],
    }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  ruleId = ((await created.json()) as { id: string }).id;
});
afterAll(async () => {
  await seeded?.close();
});

/** Requests per documented GET path: realistic ones and ones that must be refused. */
function samples(s: SeededApp): Record<string, string[]> {
  const range = `from=${s.fromMs}&to=${s.toMs}`;
  const iso = `from=${new Date(s.fromMs).toISOString()}&to=${new Date(s.toMs).toISOString()}`;
  const trace = s.dataset.journeys[3]!.traceIds[0]!;
  const callbackTrace = s.dataset.journeys[7]!.traceIds[1]!;
  return {
    '/links': ['', '?bogus=1'],
    '/link': ['', '?bogus=1', '?link=checkout-payment', '?link=nope'],
    '/steps': [
      `?${range}`,
      `?${iso}`,
      `?${range}&groupBy=payment.channel`,
      `?${range}&compare=1h`,
      `?${range}&groupBy=payment.channel,service.name,deployment.environment.name`,
      `?${range}&payment.channel=alipay&payment.channel=wechatpay`,
      '',
      '?from=yesterday',
      `?from=${s.toMs}&to=${s.fromMs}`,
      '?groupBy=nope',
    ],
    '/steps/series': [
      `?step=channel_pay&${range}&bucket=10m`,
      `?step=notify&${range}`,
      `?step=channel_pay&${range}&payment.channel=alipay`,
      '',
      '?step=nope',
      `?step=channel_pay&${range}&bucket=1ms`,
    ],
    '/steps/{step}/distribution': [
      `?${range}`,
      `?${range}&bucket=10m&compare=1h`,
      '?bucket=1ms',
      '?compare=x',
    ],
    '/steps/{step}/attribution': [
      `?${range}&minMs=100`,
      `?${range}&outcome=timeout&payment.channel=alipay`,
      '?minMs=-1',
      '?outcome=slow',
    ],
    '/timeouts': [
      `?${range}`,
      `?${range}&compare=1d`,
      `?${range}&limit=1`,
      `?${range}&payment.channel=wechatpay`,
      '?limit=0',
    ],
    '/funnel': [
      `?${range}`,
      `?${range}&compare=7d`,
      `?${range}&groupBy=payment.channel`,
      '?groupBy=a,b,c,d',
      `?${range}&link=nope`,
    ],
    '/stuck': [
      `?after=channel_pay&graceMs=60000&${range}`,
      `?after=payment_create&graceMs=1m`,
      '?after=notify',
      '',
      '?after=channel_pay&graceMs=-1',
    ],
    '/traces': [
      `?${range}`,
      `?${range}&status=error`,
      `?${range}&step=notify`,
      `?${range}&minMs=100.5`,
      `?${range}&key=${journeyKeyOf(1, 7)}`,
      `?${range}&limit=2`,
      '?status=bogus',
      '?minMs=-3',
      '?limit=100000',
    ],
    '/traces/{traceId}': [
      `/${trace}`,
      `/${callbackTrace}`,
      `/${trace}?limit=2&offset=1`,
      `/${'0'.repeat(31)}1`,
      '/abc',
      `/${trace}?limit=0`,
    ],
    '/checks': [`?${range}`, '', '?from=yesterday', '?bogus=1'],
    '/checks/{id}/violations': [
      `/double_charge/violations?${range}`,
      `/paid_not_updated/violations?${range}&limit=2`,
      '/nope/violations',
      '/double_charge/violations?limit=0',
    ],
    '/slos': ['', `?at=${s.toMs}`, '?at=soon'],
    '/slos/{step}/series': [`?${range}&bucket=30m`, '', '?bucket=30s', '?from=soon'],
    '/journeys/{key}': [
      `/${journeyKeyOf(1, 7)}`,
      `/${journeyKeyOf(1, 6)}?limit=3`,
      '/order-that-never-was',
      `/${'k'.repeat(300)}`,
    ],
    '/alert-rules': ['', '?bogus=1'],
    '/alert-rules/{id}': [`/${ruleId}`, `/rul_${'0'.repeat(32)}`, '/rule-1', `/${ruleId}?bogus=1`],
    '/alerts': ['', `?${range}`, `?rule=${ruleId}&limit=5`, '?limit=0', '?rule=rule-1', '?bogus=1'],
  };
}

/** The concrete request path for a documented template and a sample suffix. */
function requestPath(template: string, sample: string): string {
  // A step's drill-down names its step in the template (a step with an SLO for /slos/{step}/…);
  // other parameters come with the sample.
  const step = template.startsWith('/slos/') ? 'create_order' : 'channel_pay';
  const named = template.replace('{step}', step);
  const base = named.replace(/\/\{[^}]+\}(\/.*)?$/, '');
  return `/api/v1${base}${sample}`;
}

describe('responses conform to server/openapi.yaml', () => {
  it('the document is well-formed (no description cut at a comma into a stray key)', () => {
    expect(openapi.documentProblems).toEqual([]);
  });

  for (const operation of openapi.operations.filter((op) => op.method === 'get')) {
    it(`GET ${operation.path}: every sampled answer matches its documented status and schema`, async () => {
      const requests = samples(seeded)[operation.path];
      expect(requests, `no samples for GET ${operation.path}`).toBeDefined();
      const statuses = new Set<number>();
      const undocumented = new Set<string>();
      for (const sample of requests!) {
        const path = requestPath(operation.path, sample);
        const response = await seeded.get(path);
        expect(response.contentType, path).toMatch(/^application\/json/);
        const body = JSON.parse(response.text) as unknown;
        expect(
          openapi.validate('get', operation.path, response.status, body),
          `${path} → ${response.status}`,
        ).toEqual([]);
        for (const name of openapi.undocumented('get', operation.path, response.status, body))
          undocumented.add(name);
        statuses.add(response.status);
      }
      // The samples reach the success answer and at least one refusal of the endpoint.
      expect([...statuses], `GET ${operation.path} never answered 200`).toContain(200);
      expect([...statuses], `GET ${operation.path} never answered 400`).toContain(400);
      expect([...undocumented], `GET ${operation.path} answers undocumented fields`).toEqual([]);
    });
  }
});

describe('the document covers the API', () => {
  it('documents every route served under /api/v1', () => {
    const documented = new Set(openapi.operations.map((op) => `${op.method} ${op.path}`));
    const served = servedRoutes(seeded.app, '/api/v1').map((route) => `${route.method} ${route.path}`);
    expect([...new Set(served)].filter((route) => !documented.has(route))).toEqual([]);
  });

  it('serves every documented route', () => {
    const served = new Set(
      servedRoutes(seeded.app, '/api/v1').map((route) => `${route.method} ${route.path}`),
    );
    const documented = openapi.operations.map((op) => `${op.method} ${op.path}`);
    expect(documented.filter((route) => !served.has(route))).toEqual([]);
  });

  it('answers an unknown route under /api/v1 with a JSON 404', async () => {
    const response = await seeded.get('/api/v1/nope');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'not_found' } });
  });
});
