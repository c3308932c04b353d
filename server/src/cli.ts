import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveStoreTarget } from '@paylens/store';
import { ConfigError, loadConfig } from './config.ts';
import { SIMULATOR_FLAG_OPTIONS, simulatorFlagsHelp } from './demo/flags.ts';
import { DEMO_LINKS_DIR, LinkDefinitionError } from './link/load-link.ts';
import { createLogger } from './log/create-logger.ts';
import { logFormat } from './log/log-format.ts';
import { type Mode, startPaylens } from './runtime.ts';
import { startBanner } from './start-banner.ts';

const USAGE = `usage: paylens [all|collector|server] [--demo [demo flags]] [--cluster NAME]

  all        collector (OTLP/HTTP on PAYLENS_OTLP_PORT) and API + web app (PAYLENS_PORT) in one process
  collector  the OTLP/HTTP receiver only (needs CLICKHOUSE_URL to share the data with a server)
  server     the API, web app and alert evaluator only
  --demo     also run a payment-traffic simulator sending to the collector
  --cluster  create tables ON CLUSTER with Replicated*/Distributed engines
  --help     print this and exit

${simulatorFlagsHelp()}

Settings come from PAYLENS_* environment variables (README.md, "Configuration").`;

const WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      demo: { type: 'boolean' },
      cluster: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      // Declared so that `--rate 50` is read as a flag with a value, not as the mode.
      ...SIMULATOR_FLAG_OPTIONS,
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const mode = (positionals[0] ?? 'all') as Mode;
  if (!['all', 'collector', 'server'].includes(mode))
    throw new ConfigError(`unknown mode '${mode}'\n${USAGE}`);
  const loaded = loadConfig(process.env, typeof values.cluster === 'string' ? values.cluster : undefined);
  // The demo sends payments and refunds: it serves both links unless PAYLENS_LINK names others.
  const config = values.demo && !process.env.PAYLENS_LINK ? { ...loaded, linkFile: DEMO_LINKS_DIR } : loaded;
  const format = logFormat(config.env.PAYLENS_LOG_FORMAT, process.stdout.isTTY === true);
  const logger = createLogger(config.env.PAYLENS_LOG_LEVEL, format);
  const paylens = await startPaylens({ mode, config, logger, environment: process.env, webDir: WEB_DIR });
  const stoppers: (() => Promise<void>)[] = [];
  if (values.demo) {
    if (!paylens.otlpUrl) throw new ConfigError('--demo needs the collector (mode all or collector)');
    const { parseSimulatorFlags, startSimulator } = await import('./demo/index.ts');
    const simulator = startSimulator({ ...parseSimulatorFlags(argv), collectorUrl: paylens.otlpUrl, logger });
    stoppers.push(() => simulator.stop());
  }
  const banner = startBanner({
    apiUrl: paylens.apiUrl,
    otlpUrl: paylens.otlpUrl,
    target: resolveStoreTarget(process.env),
    linkFile: config.linkFile,
  });
  logger.info(banner, values.demo ? 'paylens is ready, with demo traffic' : 'paylens is ready');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: flushing the spool');
    for (const stop of stoppers) await stop();
    await paylens.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof LinkDefinitionError) {
    console.error(`paylens: ${error.message}`);
    process.exit(2);
  }
  console.error('paylens: failed to start:', error);
  process.exit(1);
});
