import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOGS_TABLE, TRACES_TABLE } from '@paylens/store';
import pino from 'pino';
import { analyticsContext } from '../../server/src/analytics/context.ts';
import { loadConfig } from '../../server/src/config.ts';
import { startPaylens } from '../../server/src/runtime.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface E2ePaylens {
  baseUrl: string;
  /** GET an API path and parse the JSON (throws on a non-2xx answer). */
  api: <T>(path: string) => Promise<T>;
  /** Rows straight into the store (the collector path has its own tests). */
  insert: (table: 'spans' | 'logs', rows: readonly object[]) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * paylens as `paylens all` runs it (runtime, collector, API and the built web app) in this process,
 * on loopback ports, over a fresh embedded store. The web app must be built (`npm run build:web`).
 */
export async function startE2ePaylens(
  webDir = WEB_DIST,
  env: Record<string, string> = {},
): Promise<E2ePaylens> {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error(`${webDir} is missing: run \`npm run build:web\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'paylens-e2e-'));
  const environment = {
    PAYLENS_DATA_DIR: dataDir,
    PAYLENS_PORT: '0',
    PAYLENS_OTLP_PORT: '0',
    PAYLENS_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The dashboard fires a dozen requests per view; a test clicks faster than a person.
    PAYLENS_API_RATE: '0',
    ...env,
  };
  const config = loadConfig(environment);
  const paylens = await startPaylens({
    mode: 'all',
    config,
    logger: pino({ level: environment.PAYLENS_LOG_LEVEL }),
    environment,
    webDir,
  });
  const baseUrl = paylens.apiUrl!;
  // The link spans view is made in the background at start; let it see every insert of the test.
  await analyticsContext({ driver: paylens.driver, link: paylens.link }).coverage();
  return {
    baseUrl,
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
        await paylens.driver.insert({ table: table === 'spans' ? TRACES_TABLE : LOGS_TABLE, body });
      }
    },
    close: async () => {
      await paylens.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
