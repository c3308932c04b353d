import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../server/src/http/content-security-policy.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

let paylens: TestPaylens;
beforeAll(async () => {
  // A web folder where nothing was built, as in a fresh clone before `npm run build:web`.
  const webDir = join(tmpdir(), `paylens-unbuilt-${process.pid}`, 'dist');
  paylens = await startTestPaylens({ mode: 'server', webDir });
});
afterAll(() => paylens.dispose());

describe('paylens started before its web app was built', () => {
  it('answers / with a page saying how to build it, under the CSP', async () => {
    const response = await fetch(`${paylens.apiUrl}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await response.text();
    expect(html).toContain('<code>npm run build:web</code>');
    expect(html).not.toMatch(/<script|<style|style=/);
  });

  it('answers client-side routes the same way, and the API as before', async () => {
    expect((await fetch(`${paylens.apiUrl}/funnel`)).status).toBe(503);
    const link = await fetch(`${paylens.apiUrl}/api/v1/link`);
    expect(link.status).toBe(200);
    expect(link.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
