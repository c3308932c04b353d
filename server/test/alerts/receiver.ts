import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered (0: the connection was dropped). */
  status: number;
}

export type Responder = (
  request: { path: string; headers: IncomingHttpHeaders; body: string },
  res: ServerResponse,
) => number;

/** A real HTTP receiver on loopback recording every request and its answer. */
export async function startReceiver(respond: Responder = (_req, res) => ok(res)) {
  const received: ReceivedRequest[] = [];
  let responder = respond;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      const status = responder(request, res);
      received.push({ ...request, status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    setResponder(next: Responder) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function ok(res: ServerResponse): number {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  return 200;
}
