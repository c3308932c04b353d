import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTraceId, postJson, spanIdOf, tracesRequest } from './support/otlp-json.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

const TOKENS = {
  PAYLENS_TOKEN: 'ingest-token-0123456789',
  PAYLENS_API_TOKEN: 'read-token-0123456789ab',
  PAYLENS_ADMIN_TOKEN: 'admin-token-0123456789a',
};
let paylens: TestPaylens;

beforeAll(async () => {
  paylens = await startTestPaylens({ env: { ...TOKENS, PAYLENS_API_RATE: '5' } });
});
afterAll(async () => {
  await paylens.dispose();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const oneSpan = () =>
  tracesRequest('auth-svc', [
    { traceId: newTraceId(), spanId: spanIdOf(1), startNs: BigInt(Date.now()) * 1_000_000n, durationNs: 1n },
  ]);

describe('ingest authentication', () => {
  it.each([
    ['no token', 401, {}],
    ['a wrong token', 401, bearer('not-the-token-at-all')],
    ['the read token', 403, bearer(TOKENS.PAYLENS_API_TOKEN)],
    ['the ingest token', 200, bearer(TOKENS.PAYLENS_TOKEN)],
  ] as const)('with %s answers %i', async (_label, status, headers) => {
    const response = await postJson(`${paylens.otlpUrl}/v1/traces`, oneSpan(), headers);
    expect(response.status).toBe(status);
    if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/Bearer/);
  });
});

describe('API authentication', () => {
  it.each([
    ['no token', 401, {}],
    ['a wrong token', 401, bearer('not-the-token-at-all')],
    ['the ingest token', 403, bearer(TOKENS.PAYLENS_TOKEN)],
    ['the read token', 200, bearer(TOKENS.PAYLENS_API_TOKEN)],
    ['the admin token', 200, bearer(TOKENS.PAYLENS_ADMIN_TOKEN)],
  ] as const)('with %s answers %i', async (_label, status, headers) => {
    const response = await fetch(`${paylens.apiUrl}/api/v1/traces`, { headers });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error?: { code: string; message: string } };
    if (status !== 200) expect(body.error?.message).toBeTruthy();
  });

  it('leaves health and readiness open for probes', async () => {
    expect((await fetch(`${paylens.apiUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${paylens.apiUrl}/readyz`)).status).toBe(200);
  });

  it('sends security headers and no CORS allowance', async () => {
    const response = await fetch(`${paylens.apiUrl}/api/v1/traces`, {
      headers: { ...bearer(TOKENS.PAYLENS_API_TOKEN), Origin: 'https://evil.example' },
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rate-limits a client with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await fetch(`${paylens.apiUrl}/api/v1/traces`, {
        headers: bearer(TOKENS.PAYLENS_ADMIN_TOKEN),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        break;
      }
    }
    expect(statuses).toContain(429);
  });
});
