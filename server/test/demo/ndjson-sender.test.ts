import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NdjsonSender, type NdjsonSenderOptions } from '../../src/demo/ndjson-sender.ts';

describe('NdjsonSender', () => {
  let server: Server;
  let url: string;
  /** The collector's next answers (200 once they run out), and the bodies it received. */
  let answers: { status: number; retryAfter?: string }[];
  let bodies: string[];
  let errors: string[];
  let nowMs: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        const answer = answers.shift() ?? { status: 200 };
        res.writeHead(answer.status, answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs/ndjson`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    answers = [];
    bodies = [];
    errors = [];
    nowMs = 1_000_000;
  });

  /** A sender whose interval never fires (the test flushes) on the test's clock. */
  const sender = (options: Partial<NdjsonSenderOptions> = {}) =>
    new NdjsonSender({
      url,
      headers: {},
      intervalMs: 3_600_000,
      onError: (error) => errors.push(error.message),
      now: () => nowMs,
      ...options,
    });
  const line = (n: number) => ({ message: `m${n}`, trace_id: String(n) });
  const body = (...ns: number[]) => ns.map((n) => `${JSON.stringify(line(n))}\n`).join('');

  it('holds a batch the collector pushed back until its Retry-After, then sends it first, in silence', async () => {
    const ndjson = sender();
    answers.push({ status: 429, retryAfter: '2' });
    ndjson.push(line(1));
    await ndjson.flush(); // 429: kept for 2 s
    ndjson.push(line(2));
    nowMs += 1_999;
    await ndjson.flush(); // not due yet: no request
    nowMs += 1;
    await ndjson.flush();
    await ndjson.stop();
    expect(bodies).toEqual([body(1), body(1, 2)]);
    expect(errors).toEqual([]);
  });

  it('backs off exponentially without a Retry-After, and reports lines dropped after the last attempt', async () => {
    const ndjson = sender({ maxAttempts: 3 });
    answers.push({ status: 503 }, { status: 503 }, { status: 503 });
    ndjson.push(line(1));
    await ndjson.flush(); // attempt 1, next in 1 s
    nowMs += 999;
    await ndjson.flush(); // not due
    nowMs += 1;
    await ndjson.flush(); // attempt 2, next in 2 s
    nowMs += 2_000;
    await ndjson.flush(); // attempt 3: dropped
    await ndjson.stop();
    expect(bodies).toEqual([body(1), body(1), body(1)]);
    expect(errors).toEqual(['NDJSON logs dropped: 1 line(s), still refused after 3 attempts']);
  });

  it('drops and reports at once what the collector refuses for good', async () => {
    const ndjson = sender();
    answers.push({ status: 400 });
    ndjson.push(line(1));
    await ndjson.flush();
    ndjson.push(line(2));
    await ndjson.stop();
    expect(bodies).toEqual([body(1), body(2)]);
    expect(errors).toEqual(['NDJSON logs dropped: 1 line(s), refused: HTTP 400']);
  });

  it('sends in batches of at most maxBatchLines, in order', async () => {
    const ndjson = sender({ maxBatchLines: 2 });
    for (const n of [1, 2, 3, 4, 5]) ndjson.push(line(n));
    await ndjson.stop();
    expect(bodies).toEqual([body(1, 2), body(3, 4), body(5)]);
    expect(errors).toEqual([]);
  });

  it('reports what is still pushed back when it stops', async () => {
    const ndjson = sender();
    answers.push({ status: 429, retryAfter: '60' }, { status: 429, retryAfter: '60' });
    ndjson.push(line(1));
    await ndjson.flush();
    await ndjson.stop(); // one last attempt, refused again
    expect(bodies).toEqual([body(1), body(1)]);
    expect(errors).toEqual(['NDJSON logs dropped: 1 line(s), paylens stopped before they were accepted']);
  });
});
