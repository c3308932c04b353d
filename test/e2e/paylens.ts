import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseDriver, LOGS_TABLE, openStore, TRACES_TABLE } from '@paylens/store';
import pino from 'pino';
import { createApp } from '../../server/src/app.ts';
import { createMetrics } from '../../server/src/http/metrics.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../server/src/link/load-link.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface E2ePaylens {
  baseUrl: string;
  driver: ClickHouseDriver;
  /** GET an API path and parse the JSON (fails the test on a non-2xx answer). */
  api: <T>(path: string) => Promise<T>;
  insert: (table: 'spans' | 'logs', rows: readonly object[]) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * paylens' API and built web app in this process, on a loopback port, over a fresh embedded store
 * (the same createApp the CLI serves). The web app must have been built (`npm run build:web`).
 */
export async function startE2ePaylens(webDir = WEB_DIST): Promise<E2ePaylens> {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('web/dist is missing: run `npm run build:web` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'paylens-e2e-'));
  const link = loadLinkFile(DEFAULT_LINK_FILE);
  const driver = await openStore({ kind: 'embedded', dataDir }, { journeyKey: link.journeyKey });
  const app = createApp({
    driver,
    link,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
    now: () => Date.now(),
    tokens: {},
    webDir,
    publicUrl: 'http://127.0.0.1',
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    driver,
    api: async <T>(path: string) => {
      const response = await fetch(baseUrl + path);
      if (!response.ok) throw new Error(`GET ${path} → ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    insert: async (table, rows) => {
      for (let i = 0; i < rows.length; i += 20_000) {
        const body = Buffer.from(
          rows
            .slice(i, i + 20_000)
            .map((r) => JSON.stringify(r))
            .join('\n'),
        );
        await driver.insert({ table: table === 'spans' ? TRACES_TABLE : LOGS_TABLE, body });
      }
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await driver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
