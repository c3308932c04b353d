import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseDriver, openStore, type SpanRow } from '@paylens/store';
import pino from 'pino';
import { insertSpanRows, spanRow } from '../../../test/fixtures/span-rows.ts';
import { analyticsContext } from '../../src/analytics/context.ts';
import { createApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/app-deps.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import type { LinkSet } from '../../src/link/link-set.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { ManualTime } from './manual-time.ts';

export const PUBLIC_URL = 'https://paylens.test';

export interface AlertHarness {
  deps: AppDeps;
  driver: ClickHouseDriver;
  time: ManualTime;
  baseUrl: string;
  api: (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ) => Promise<{ status: number; body: unknown }>;
  insertSpans: (rows: readonly SpanRow[]) => Promise<void>;
  close: () => Promise<void>;
}

/** A fresh embedded store (link spans view ready), the real app on loopback, and manual time. */
export async function startAlertHarness(
  startMs: number,
  tokens: AppDeps['tokens'] = {},
  /** Several links (the default one is `link`); the demo link alone by default. */
  links?: LinkSet,
): Promise<AlertHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paylens-alerts-'));
  const link = links?.defaultLink ?? loadLinkFile(DEFAULT_LINK_FILE);
  const driver = await openStore({ kind: 'embedded', dataDir }, { journeyKey: link.journeyKey });
  const time = new ManualTime(startMs);
  const deps: AppDeps = {
    driver,
    link,
    links,
    metrics: createMetrics(),
    logger: pino({ level: process.env.ALERT_TEST_LOG ?? 'silent' }),
    now: () => time.now(),
    tokens,
    publicUrl: PUBLIC_URL,
  };
  for (const each of links?.links ?? [link]) await analyticsContext(deps, each).coverage();
  const server = await new Promise<Server>((resolve) => {
    const listening = createApp(deps).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    deps,
    driver,
    time,
    baseUrl,
    api: async (method, path, body, token) => {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    insertSpans: (rows) => insertSpanRows(driver, rows),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await driver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function traceId(): string {
  return randomBytes(16).toString('hex');
}

/** A span of the demo link's channel_pay step (a client span carrying payment.channel). */
export function channelPaySpan(fields: {
  traceId: string;
  channel: string;
  startMs: number;
  durationMs: number;
  error?: 'error' | 'timeout';
}): SpanRow {
  const attributes: Record<string, string> = {
    'payment.channel': fields.channel,
    'payment.order_id': `o-${fields.traceId}`,
  };
  if (fields.error === 'timeout') attributes['error.type'] = 'timeout';
  return spanRow({
    TraceId: fields.traceId,
    SpanId: randomBytes(8).toString('hex'),
    Timestamp: `${BigInt(fields.startMs) * 1_000_000n}`,
    SpanName: `${fields.channel}.charge`,
    SpanKind: 'Client',
    ServiceName: 'payment-svc',
    SpanAttributes: attributes,
    Duration: `${BigInt(Math.round(fields.durationMs * 1000)) * 1000n}`,
    StatusCode: fields.error ? 'Error' : 'Ok',
  });
}
