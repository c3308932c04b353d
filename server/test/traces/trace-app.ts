import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseDriver, LOGS_TABLE, openStore, TRACES_TABLE } from '@paylens/store';
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../src/link/load-link.ts';
import { jsonEachRow } from './rows.ts';

export interface TraceApp {
  baseUrl: string;
  driver: ClickHouseDriver;
  get: (path: string) => Promise<{ status: number; body: unknown }>;
  insertSpans: (rows: readonly object[]) => Promise<void>;
  insertLogs: (rows: readonly object[]) => Promise<void>;
  close: () => Promise<void>;
}

/** A fresh embedded store in a temp dir and the real app on a loopback port. */
export async function startTraceApp(nowMs: number): Promise<TraceApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paylens-trace-views-'));
  const link = loadLinkFile(DEFAULT_LINK_FILE);
  const driver = await openStore({ kind: 'embedded', dataDir }, { journeyKey: link.journeyKey });
  const app = createApp({
    driver,
    link,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
    now: () => nowMs,
    tokens: {},
    publicUrl: 'http://127.0.0.1',
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    driver,
    get: async (path) => {
      const response = await fetch(baseUrl + path);
      return { status: response.status, body: await response.json() };
    },
    insertSpans: (rows) => driver.insert({ table: TRACES_TABLE, body: jsonEachRow(rows) }),
    insertLogs: (rows) => driver.insert({ table: LOGS_TABLE, body: jsonEachRow(rows) }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await driver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
