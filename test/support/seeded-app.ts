import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseDriver, openStore } from '@paylens/store';
import type { Express } from 'express';
import pino from 'pino';
import { analyticsContext } from '../../server/src/analytics/context.ts';
import { createApp } from '../../server/src/app.ts';
import { createMetrics } from '../../server/src/http/metrics.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../server/src/link/load-link.ts';
import { sloSources } from '../../server/src/slo/slo-coverage.ts';
import { insertExportedLogs, insertExportedSpans } from './exporter-rows.ts';
import { type PaymentDataset, paymentDataset } from './interop-payments.ts';

export interface SeededApp {
  app: Express;
  driver: ClickHouseDriver;
  baseUrl: string;
  dataset: PaymentDataset;
  /** The hour the dataset's journeys start in. */
  fromMs: number;
  toMs: number;
  get(path: string): Promise<{ status: number; contentType: string; text: string }>;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/**
 * The real API (createApp, no collector) over a fresh embedded store holding the interop payment
 * dataset, on a loopback port; the Express app is kept for route introspection.
 */
export async function startSeededApp(): Promise<SeededApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paylens-seeded-'));
  const link = loadLinkFile(DEFAULT_LINK_FILE);
  const driver = await openStore({ kind: 'embedded', dataDir }, { journeyKey: link.journeyKey });
  const fromMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 3 * HOUR_MS;
  const dataset = paymentDataset(1, fromMs);
  await insertExportedSpans(driver, dataset.spans, 'current');
  await insertExportedLogs(driver, dataset.logs);
  const app = createApp({
    driver,
    link,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
    now: Date.now,
    tokens: {},
    publicUrl: 'http://127.0.0.1',
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The views the app makes ready in the background (link spans, SLO minutes): in place before a
  // test counts the tables' rows.
  await sloSources(analyticsContext({ driver, link }));
  return {
    app,
    driver,
    baseUrl,
    dataset,
    fromMs,
    toMs: fromMs + HOUR_MS,
    async get(path) {
      const response = await fetch(baseUrl + path);
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        text: await response.text(),
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await driver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
