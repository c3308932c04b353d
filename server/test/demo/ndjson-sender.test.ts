import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdjsonSender } from '../../src/demo/ndjson-sender.ts';

describe('NdjsonSender', () => {
  let server: Server;
  let url: string;
  const statuses: number[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs/ndjson`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the lines again, in order, after the collector asked to retry; drops them after a 400', async () => {
    const errors: string[] = [];
    const sender = new NdjsonSender({
      url,
      headers: {},
      intervalMs: 3_600_000,
      onError: (error) => errors.push(error.message),
    });
    statuses.push(503, 200, 400, 200);
    sender.push({ message: 'a', trace_id: '1' });
    await sender.flush(); // 503: kept
    sender.push({ message: 'b', trace_id: '2' });
    await sender.flush(); // 200: a and b
    sender.push({ message: 'c', trace_id: '3' });
    await sender.flush(); // 400: dropped
    await sender.stop(); // nothing left to send
    expect(bodies).toEqual([
      '{"message":"a","trace_id":"1"}\n',
      '{"message":"a","trace_id":"1"}\n{"message":"b","trace_id":"2"}\n',
      '{"message":"c","trace_id":"3"}\n',
    ]);
    expect(errors).toEqual(['NDJSON logs refused: HTTP 503', 'NDJSON logs refused: HTTP 400']);
  });
});
