import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DecodeOutcome, Decoders } from '../decoders.ts';
import type { IngestObserver } from '../ingest-observer.ts';
import type { Redactor } from '../redaction.ts';
import { SPOOL_COLUMNS, type SpoolTable } from '../spool/record-format.ts';
import { type Spool, SpoolFullError } from '../spool/spool.ts';
import {
  contentTypeOf,
  exportResponse,
  type Signal,
  statusResponse,
  type WireEncoding,
} from './otlp-responses.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { BodyError, type BodyLimits, readBody } from './read-body.ts';

export interface ReceiverOptions extends BodyLimits {
  /** Requests being decoded or awaiting fsync at once; more get 429 so memory stays bounded. */
  maxInFlight: number;
  /** Seconds a client should wait after 429/503. */
  retryAfterSeconds: number;
  /** Checks the ingest bearer token; returns a status (401/403) to refuse with, or undefined. */
  authorize?: (req: IncomingMessage) => 401 | 403 | undefined;
  /** Masks sensitive values before they reach the spool. */
  redactor?: Redactor;
  /** Requests per client (bearer token, else address); over it: 429 with Retry-After. */
  rateLimiter?: RateLimiter;
}

interface Route {
  signal: Signal;
  table: SpoolTable;
  ndjson: boolean;
}

const ROUTES: Record<string, Route> = {
  '/v1/traces': { signal: 'traces', table: 'otel_traces', ndjson: false },
  '/v1/logs': { signal: 'logs', table: 'otel_logs', ndjson: false },
  '/v1/logs/ndjson': { signal: 'logs', table: 'otel_logs', ndjson: true },
};

const GRPC = {
  INVALID_ARGUMENT: 3,
  UNAUTHENTICATED: 16,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
};

function encodingOf(contentType: string | undefined, route: Route): WireEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (route.ndjson)
    return type === 'application/x-ndjson' || type === 'application/json' || type === 'text/plain'
      ? 'json'
      : undefined;
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

/**
 * OTLP/HTTP receiver: decode, append to the spool (fsynced), then acknowledge. Status codes per
 * OTLP/HTTP: 200 (with partial_success), 400 malformed, 413 too large, 415 wrong type,
 * 429/503 with Retry-After under pressure.
 */
export function createReceiver(
  spool: Spool,
  decoders: Decoders,
  observer: IngestObserver,
  options: ReceiverOptions,
) {
  let inFlight = 0;

  function send(res: ServerResponse, status: number, encoding: WireEncoding, body: Buffer): void {
    if (status >= 400) observer.rejectedRequest(status);
    if ((status === 429 || status === 503) && !res.hasHeader('Retry-After')) {
      res.setHeader('Retry-After', String(options.retryAfterSeconds));
    }
    res.writeHead(status, { 'Content-Type': contentTypeOf(encoding), 'Content-Length': body.length });
    res.end(body);
  }

  function fail(
    res: ServerResponse,
    status: number,
    encoding: WireEncoding,
    grpcCode: number,
    message: string,
  ): void {
    send(res, status, encoding, statusResponse(encoding, grpcCode, message));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
    const encoding = encodingOf(req.headers['content-type'], route);
    if (!encoding) {
      req.resume();
      const expected = route.ndjson ? 'application/x-ndjson' : 'application/x-protobuf or application/json';
      return fail(
        res,
        415,
        'json',
        GRPC.INVALID_ARGUMENT,
        `unsupported Content-Type '${req.headers['content-type'] ?? ''}'; expected ${expected}`,
      );
    }
    const denied = options.authorize?.(req);
    if (denied) {
      req.resume();
      res.setHeader('WWW-Authenticate', 'Bearer realm="paylens"');
      const message = denied === 401 ? 'a valid bearer token is required' : 'this token may not ingest';
      return fail(
        res,
        denied,
        encoding,
        denied === 401 ? GRPC.UNAUTHENTICATED : GRPC.PERMISSION_DENIED,
        message,
      );
    }
    const rate = options.rateLimiter?.take(req.headers.authorization ?? req.socket.remoteAddress ?? '');
    if (rate && !rate.allowed) {
      req.resume();
      res.setHeader('Retry-After', String(rate.retryAfterSeconds));
      return fail(
        res,
        429,
        encoding,
        GRPC.RESOURCE_EXHAUSTED,
        'rate limit exceeded for this client; retry later',
      );
    }
    if (spool.isFull) {
      req.resume();
      return fail(
        res,
        503,
        encoding,
        GRPC.UNAVAILABLE,
        'paylens spool is full while ClickHouse catches up; retry later',
      );
    }
    if (inFlight >= options.maxInFlight) {
      req.resume();
      return fail(res, 429, encoding, GRPC.RESOURCE_EXHAUSTED, 'too many requests in flight; retry later');
    }
    inFlight++;
    try {
      const body = await readBody(req, options);
      const outcome = decode(route, body, encoding);
      if (outcome.rejected > 0) {
        observer.rejectedItems(route.signal, 'invalid', outcome.rejected);
      }
      if (outcome.rows.length > 0) {
        await spool.append([
          {
            table: route.table,
            layout: 'columns',
            rows: outcome.rows.length,
            payload: decoders.serialize(outcome.rows, SPOOL_COLUMNS[route.table]),
          },
        ]);
        observer.accepted(route.signal, outcome.rows.length);
      }
      if (route.ndjson) {
        const summary = {
          accepted: outcome.rows.length,
          rejected: outcome.rejected,
          errorMessage: outcome.errorMessage,
        };
        return send(res, 200, 'json', Buffer.from(JSON.stringify(summary)));
      }
      send(
        res,
        200,
        encoding,
        exportResponse(route.signal, encoding, outcome.rejected, outcome.errorMessage),
      );
    } catch (error) {
      if (error instanceof BodyError)
        return fail(res, error.status, encoding, GRPC.INVALID_ARGUMENT, error.message);
      if (error instanceof SpoolFullError) return fail(res, 503, encoding, GRPC.UNAVAILABLE, error.message);
      if (isDecodeError(error))
        return fail(res, 400, encoding, GRPC.INVALID_ARGUMENT, (error as Error).message);
      return fail(
        res,
        503,
        encoding,
        GRPC.UNAVAILABLE,
        `could not store the request durably: ${(error as Error).message}`,
      );
    } finally {
      inFlight--;
    }
  }

  function decode(route: Route, body: Buffer, encoding: WireEncoding): DecodeOutcome<object> {
    const redactor = options.redactor;
    if (route.signal === 'traces') {
      const outcome = decoders.traces(body, encoding);
      redactor?.spans(outcome.rows);
      return outcome;
    }
    const outcome = route.ndjson ? decoders.ndjsonLogs(body) : decoders.logs(body, encoding);
    redactor?.logs(outcome.rows);
    return outcome;
  }

  /** Handles the request when its path is an OTLP route; returns false otherwise. */
  return function receive(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const route = ROUTES[path];
    if (!route) return false;
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('Allow', 'POST');
      fail(res, 405, 'json', GRPC.INVALID_ARGUMENT, `${path} accepts POST only`);
      return true;
    }
    void handle(req, res, route);
    return true;
  };
}

/** Decoder errors carry their own name; anything named *DecodeError or *ParseError is the client's fault. */
function isDecodeError(error: unknown): boolean {
  return error instanceof Error && /(Decode|Parse)Error$/.test(error.name);
}
