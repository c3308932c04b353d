import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../server/src/config.ts';
import { type Mode, type Paylens, startPaylens } from '../../server/src/runtime.ts';

export interface TestPaylens extends Paylens {
  dataDir: string;
  /** Stops paylens and removes its data directory. */
  dispose(): Promise<void>;
}

/** paylens in this process on free loopback ports, with a fresh data directory. */
export async function startTestPaylens(
  options: {
    mode?: Mode;
    env?: Record<string, string>;
    dataDir?: string;
    now?: () => number;
    /** Built web app to serve at `/` (none by default). */
    webDir?: string;
  } = {},
): Promise<TestPaylens> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'paylens-test-'));
  const environment = {
    PAYLENS_DATA_DIR: dataDir,
    PAYLENS_PORT: '0',
    PAYLENS_OTLP_PORT: '0',
    PAYLENS_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PAYLENS_SEGMENT_MAX_AGE_MS: '50',
    ...options.env,
  };
  const config = loadConfig(environment);
  const paylens = await startPaylens({
    mode: options.mode ?? 'all',
    config,
    logger: pino({ level: environment.PAYLENS_LOG_LEVEL }),
    environment,
    now: options.now,
    webDir: options.webDir,
  });
  return {
    ...paylens,
    dataDir,
    async dispose() {
      await paylens.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
