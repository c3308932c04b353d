import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  type AddressPolicy,
  isAllowListedHost,
  refusedAddressReason,
  refusedHostReason,
} from './address-guard.ts';
import { judgeStatus, parseRetryAfter, type ResponseVerdict } from './backoff.ts';
import { webhookHeaders } from './signing.ts';

export interface WebhookRequest {
  url: string;
  body: string;
  contentType: string;
  headers: Record<string, string>;
  /** Standard Webhooks secret ('' or undefined: unsigned). */
  secret?: string;
  webhookId: string;
  timestampSeconds: number;
}

export interface WebhookResult {
  /** `refused`: the destination is not allowed; `error`: no HTTP answer (connection, DNS, timeout). */
  verdict: ResponseVerdict | 'refused';
  statusCode: number;
  retryAfterMs?: number;
  error: string;
  durationMs: number;
}

export type WebhookSender = (request: WebhookRequest) => Promise<WebhookResult>;

export interface SenderOptions {
  policy: AddressPolicy;
  /** Whole request deadline (connect, send, answer). */
  timeoutMs: number;
  /** Name resolution; replaceable in tests. */
  lookup?: typeof dnsLookup;
  userAgent?: string;
}

class RefusedError extends Error {}

/**
 * A name lookup that checks every resolved address against the policy and connects to a checked
 * one: a name cannot pass the check and then resolve elsewhere (DNS rebinding).
 */
function guardedLookup(policy: AddressPolicy, resolve: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!isAllowListedHost(hostname, policy)) {
        for (const { address } of addresses) {
          const reason = refusedAddressReason(address, policy);
          if (reason) return callback(new RefusedError(`${hostname} resolves to ${reason}`), '', 0);
        }
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Sends one webhook over node:http(s): no redirects followed, a hard deadline, addresses guarded. */
export function createWebhookSender(options: SenderOptions): WebhookSender {
  const lookup = guardedLookup(options.policy, options.lookup ?? dnsLookup);
  return (request) =>
    new Promise<WebhookResult>((resolve) => {
      const started = performance.now();
      const done = (result: Omit<WebhookResult, 'durationMs'>) =>
        resolve({ ...result, durationMs: performance.now() - started });
      const url = new URL(request.url);
      const refused = refusedHostReason(url.hostname, options.policy);
      if (refused) return done({ verdict: 'refused', statusCode: 0, error: `refused: ${refused}` });

      const headers = {
        ...request.headers,
        'content-type': request.contentType,
        'user-agent': options.userAgent ?? 'paylens-webhooks/1',
        ...webhookHeaders(
          request.secret || undefined,
          request.webhookId,
          request.timestampSeconds,
          request.body,
        ),
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = send(
        url,
        { method: 'POST', headers, lookup, agent: false },
        (response: IncomingMessage) => {
          // Drain (and cap) the answer; only its status and Retry-After matter.
          let received = 0;
          response.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received > 65_536) response.destroy();
          });
          response.on('close', () => {
            clearTimeout(deadline);
            const statusCode = response.statusCode ?? 0;
            const retryAfter = response.headers['retry-after'];
            done({
              verdict: judgeStatus(statusCode),
              statusCode,
              retryAfterMs: parseRetryAfter(
                Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
                Date.now(),
              ),
              error:
                statusCode >= 300 && statusCode < 400
                  ? `redirect to ${response.headers.location ?? '?'} not followed`
                  : '',
            });
          });
        },
      );
      const deadline = setTimeout(
        () => outgoing.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      outgoing.on('error', (error) => {
        clearTimeout(deadline);
        if (error instanceof RefusedError)
          done({ verdict: 'refused', statusCode: 0, error: `refused: ${error.message}` });
        else done({ verdict: 'retry', statusCode: 0, error: error.message });
      });
      outgoing.end(request.body);
    });
}
