import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/demo/catalog.ts';
import { startSimulator } from '../../src/demo/simulator.ts';

interface Received {
  path: string;
  contentType: string;
  authorization: string;
  body: Buffer;
}

/** A stand-in OTLP/HTTP collector on loopback that keeps what it is sent. */
function startReceiver(): Promise<{
  server: Server;
  url: string;
  received: Received[];
  seen: Promise<void>;
}> {
  const received: Received[] = [];
  let markSeen: () => void = () => {};
  const seen = new Promise<void>((resolve) => {
    markSeen = resolve;
  });
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        authorization: req.headers.authorization ?? '',
        body: req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw,
      });
      const paths = new Set(received.map((r) => r.path));
      if (paths.has('/v1/traces') && paths.has('/v1/logs') && paths.has('/v1/logs/ndjson')) markSeen();
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' });
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, received, seen });
    });
  });
}

describe('startSimulator against an OTLP/HTTP receiver', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let stats: ReturnType<ReturnType<typeof startSimulator>['stats']>;
  const token = 'demo-token-0123456789';

  beforeAll(async () => {
    receiver = await startReceiver();
    // 30 s of history at 20 payments/s is planned and sent at once: no waiting on the clock.
    const simulator = startSimulator({
      collectorUrl: `${receiver.url}/`,
      rate: 20,
      seed: 3,
      backfillMs: 30_000,
      exportIntervalMs: 200,
      token,
    });
    await receiver.seen;
    await simulator.stop();
    stats = simulator.stats();
  });

  afterAll(async () => {
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  const bodies = (path: string) => receiver.received.filter((r) => r.path === path);

  it('sends traces and logs as OTLP protobuf, with the ingest token', () => {
    for (const path of ['/v1/traces', '/v1/logs']) {
      expect(bodies(path).length, path).toBeGreaterThan(0);
      for (const request of bodies(path)) {
        expect(request.contentType).toBe('application/x-protobuf');
        expect(request.body.length).toBeGreaterThan(0);
      }
    }
    for (const request of receiver.received) expect(request.authorization).toBe(`Bearer ${token}`);
    expect(stats.exportErrors).toBe(0);
    expect(stats.spans).toBeGreaterThan(stats.traces);
    expect(stats.logs).toBeGreaterThan(0);
  });

  it('sends every service as its own resource, with the step span names', () => {
    // Protobuf strings are raw UTF-8 on the wire, so the names can be found in the bytes.
    const traces = Buffer.concat(bodies('/v1/traces').map((r) => r.body));
    for (const text of [
      ...SERVICES,
      'POST /orders',
      'risk.evaluate',
      'inventory.try',
      'POST /payments',
      'POST /checkout',
      'publish payment.succeeded',
      'process payment.succeeded',
      'order.mark_paid',
      'notify.send',
    ]) {
      expect(traces.includes(text), text).toBe(true);
    }
    expect(traces.includes('POST /callbacks/')).toBe(true);
    expect(traces.includes('deployment.environment.name')).toBe(true);
  });

  it('sends JSON log lines that correlate with the spans sent', () => {
    const requests = bodies('/v1/logs/ndjson');
    for (const request of requests) expect(request.contentType).toBe('application/x-ndjson');
    const lines = requests.flatMap((r) => r.body.toString('utf8').split('\n').filter(Boolean));
    expect(lines.length).toBe(stats.ndjsonLines);
    const traces = Buffer.concat(bodies('/v1/traces').map((r) => r.body));
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(record).toMatchObject({
        service: 'notification-svc',
        level: expect.stringMatching(/^(info|error)$/),
      });
      expect(record.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(record.span_id).toMatch(/^[0-9a-f]{16}$/);
      // Written in the consumer trace, which names no order: it joins its journey by a span link.
      expect(record.message_id).toMatch(/^[0-9a-f]{16}$/);
      expect(record).not.toHaveProperty('order_id');
      expect(record).not.toHaveProperty('order.id');
      expect(Number.isNaN(Date.parse(String(record.timestamp)))).toBe(false);
      expect(typeof record.message).toBe('string');
      // Ids are raw bytes in OTLP protobuf: the log's span was sent.
      expect(traces.includes(Buffer.from(String(record.span_id), 'hex'))).toBe(true);
    }
  });
});
