import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESS_POLICY } from '../../src/alerts/address-guard.ts';
import { createWebhookSender, type WebhookRequest } from '../../src/alerts/webhook-sender.ts';
import { ok, startReceiver } from './receiver.ts';

// The sender against a real HTTP server on loopback: statuses, Retry-After, redirects, deadlines,
// and the address guard, including names that resolve to refused addresses.

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let hits: string[] = [];

beforeAll(async () => {
  receiver = await startReceiver((req, res) => {
    hits.push(req.path);
    switch (req.path) {
      case '/ok':
        return ok(res);
      case '/gone':
        res.writeHead(410).end();
        return 410;
      case '/busy':
        res.writeHead(429, { 'retry-after': '30' }).end();
        return 429;
      case '/redirect':
        res.writeHead(302, { location: '/ok' }).end();
        return 302;
      case '/hang':
        return -1;
      default:
        res.writeHead(400).end();
        return 400;
    }
  });
});
afterAll(async () => {
  await receiver?.close();
});

const request = (path: string, url = receiver.base): WebhookRequest => ({
  url: `${url}${path}`,
  body: '{"a":1}',
  contentType: 'application/json',
  headers: { 'X-Custom': 'yes' },
  secret: `whsec_${Buffer.alloc(24, 3).toString('base64')}`,
  webhookId: 'msg_1',
  timestampSeconds: 1_700_000_000,
});

const send = () => createWebhookSender({ policy: DEFAULT_ADDRESS_POLICY, timeoutMs: 300 });

describe('createWebhookSender', () => {
  it('delivers with the body, custom headers and Standard Webhooks headers', async () => {
    hits = [];
    const result = await send()(request('/ok'));
    expect(result).toMatchObject({ verdict: 'delivered', statusCode: 200, error: '' });
    const last = receiver.received.at(-1)!;
    expect(last.body).toBe('{"a":1}');
    expect(last.headers).toMatchObject({
      'x-custom': 'yes',
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1700000000',
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
  });

  it('judges 410, 429 with Retry-After, and other 4xx', async () => {
    expect(await send()(request('/gone'))).toMatchObject({ verdict: 'gone', statusCode: 410 });
    expect(await send()(request('/busy'))).toMatchObject({
      verdict: 'retry',
      statusCode: 429,
      retryAfterMs: 30_000,
    });
    expect(await send()(request('/nope'))).toMatchObject({ verdict: 'rejected', statusCode: 400 });
  });

  it('does not follow redirects', async () => {
    hits = [];
    const result = await send()(request('/redirect'));
    expect(result).toMatchObject({
      verdict: 'rejected',
      statusCode: 302,
      error: 'redirect to /ok not followed',
    });
    expect(hits).toEqual(['/redirect']);
  });

  it('gives up on a receiver that does not answer within the deadline (retried later)', async () => {
    const result = await send()(request('/hang'));
    expect(result.verdict).toBe('retry');
    expect(result.error).toBe('timed out after 300 ms');
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('retries when nothing listens', async () => {
    const result = await send()(request('/ok', 'http://127.0.0.1:9'));
    expect(result).toMatchObject({
      verdict: 'retry',
      statusCode: 0,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('refuses literal metadata addresses without connecting', async () => {
    expect(await send()(request('/', 'http://169.254.169.254'))).toMatchObject({
      verdict: 'refused',
      error: 'refused: 169.254.169.254 is a link-local or cloud metadata address',
    });
    expect(await send()(request('/', 'http://metadata.google.internal'))).toMatchObject({
      verdict: 'refused',
    });
  });

  it('checks the addresses a name resolves to, and connects only to a checked one', async () => {
    const port = new URL(receiver.base).port;
    const fakeDns = (table: Record<string, string[]>) =>
      ((hostname: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) => {
        const addresses = (table[hostname] ?? []).map((address) => ({
          address,
          family: address.includes(':') ? 6 : 4,
        }));
        callback(null, addresses);
      }) as unknown as typeof import('node:dns').lookup;
    const lookup = fakeDns({
      'evil.test': ['169.254.169.254'],
      'mixed.test': ['127.0.0.1', 'fe80::1'],
      'good.test': ['127.0.0.1'],
    });
    const guarded = createWebhookSender({ policy: DEFAULT_ADDRESS_POLICY, timeoutMs: 1000, lookup });
    expect(await guarded(request('/ok', `http://evil.test:${port}`))).toMatchObject({
      verdict: 'refused',
      error: 'refused: evil.test resolves to 169.254.169.254 is a link-local or cloud metadata address',
    });
    expect((await guarded(request('/ok', `http://mixed.test:${port}`))).verdict).toBe('refused');
    expect(await guarded(request('/ok', `http://good.test:${port}`))).toMatchObject({ verdict: 'delivered' });
    const allowed = createWebhookSender({
      policy: { allowPrivate: false, allow: ['evil.test'] },
      timeoutMs: 1000,
      lookup: fakeDns({ 'evil.test': ['127.0.0.1'] }),
    });
    expect((await allowed(request('/ok', `http://evil.test:${port}`))).verdict).toBe('delivered');
  });
});
