import type { IncomingMessage } from 'node:http';
import {
  type Collector,
  createRedactor,
  DEFAULT_REDACTION,
  type Decoders,
  RateLimiter,
  type Redactor,
  startCollector,
} from '@paylens/collector';
import { createDefaultDecoders } from '@paylens/collector/default-decoders';
import { type ClickHouseDriver, openStore, resolveStoreTarget } from '@paylens/store';
import type { Logger } from 'pino';
import { type Alerting, startAlerting } from './alerts/start-alerting.ts';
import { analyticsContext } from './analytics/context.ts';
import { createApp } from './app.ts';
import type { AppDeps, AuthTokens } from './app-deps.ts';
import type { PaylensConfig, PaylensEnv } from './config.ts';
import { bearerToken, grantedLevels } from './http/auth.ts';
import { type Listening, listen } from './http/listen.ts';
import { createMetrics } from './http/metrics.ts';
import type { LinkDefinition } from './link/definition.ts';
import { journeyKeyOf, type LinkSet, loadLinkSet } from './link/link-set.ts';
import { metricsObserver } from './metrics-observer.ts';
import { checkWebBuild } from './web/check-web-build.ts';

export type Mode = 'all' | 'collector' | 'server';

/** How often the background journey builder looks for new arrivals. */
const JOURNEY_BUILD_INTERVAL_MS = 1_000;
/** Ingest counts as busy (the builder yields to it) until this long after the last spans came. */
const INGEST_QUIET_MS = 2_000;

export interface RuntimeOptions {
  mode: Mode;
  config: PaylensConfig;
  logger: Logger;
  environment: NodeJS.ProcessEnv;
  /** Built web app directory served at `/`. */
  webDir?: string;
  decoders?: Decoders;
  now?: () => number;
}

export interface Paylens {
  driver: ClickHouseDriver;
  /** The default link. */
  link: LinkDefinition;
  links: LinkSet;
  collector?: Collector;
  /** The alert evaluator and webhook delivery, unless PAYLENS_ALERTING=off (or no API here). */
  alerting?: Alerting;
  otlpUrl?: string;
  apiUrl?: string;
  stop(): Promise<void>;
}

/** Starts paylens in one of its modes; `all` runs collector and API in this process. */
export async function startPaylens(options: RuntimeOptions): Promise<Paylens> {
  const { config, logger, mode } = options;
  const env = config.env;
  const links = loadLinkSet(config.linkFile);
  const link = links.defaultLink;
  const target = resolveStoreTarget(options.environment);
  const driver = await openStore(target, {
    journeyKey: journeyKeyOf(links),
    retentionDays: env.PAYLENS_RETENTION_DAYS,
    cluster: config.cluster,
  });
  logger.info(
    { store: target.kind, link: config.linkFile, links: links.links.map((l) => l.name) },
    'store ready',
  );
  const metrics = createMetrics();
  const tokens: AuthTokens = {
    ingest: env.PAYLENS_TOKEN,
    read: env.PAYLENS_API_TOKEN,
    admin: env.PAYLENS_ADMIN_TOKEN,
  };
  const closers: (() => Promise<void>)[] = [];
  const result: Paylens = { driver, link, links, stop: async () => {} };
  // When spans last arrived, and whether acknowledged data still waits in the spool: the background
  // journey builder yields to ingest meanwhile (a backlog being inserted is ingest too).
  let lastIngestMs = 0;
  let spoolBacklog = () => false;
  const observer = metricsObserver(metrics);
  const accepted = observer.accepted;
  observer.accepted = (signal, items) => {
    lastIngestMs = Date.now();
    accepted(signal, items);
  };

  if (mode !== 'server') {
    const collector = await startCollector(
      driver,
      options.decoders ?? createDefaultDecoders(),
      observer,
      logger,
      {
        spool: {
          dir: config.spoolDir,
          maxBytes: env.PAYLENS_SPOOL_MAX_BYTES,
          segmentMaxBytes: env.PAYLENS_SEGMENT_MAX_BYTES,
          segmentMaxAgeMs: env.PAYLENS_SEGMENT_MAX_AGE_MS,
        },
        receiver: {
          maxBodyBytes: env.PAYLENS_MAX_BODY_BYTES,
          maxDecompressedBytes: env.PAYLENS_MAX_DECOMPRESSED_BYTES,
          maxInFlight: env.PAYLENS_MAX_IN_FLIGHT,
          retryAfterSeconds: 2,
          authorize: ingestAuthorizer(tokens),
          redactor: redactorFor(env),
          rateLimiter:
            env.PAYLENS_INGEST_RATE > 0
              ? new RateLimiter({ perSecond: env.PAYLENS_INGEST_RATE, burst: env.PAYLENS_INGEST_RATE * 2 })
              : undefined,
        },
      },
    );
    metrics.sources.spoolBytes = () => collector.spool.diskBytes;
    metrics.sources.queuedSegments = () => collector.spool.sealedSegments.length;
    spoolBacklog = () => collector.spool.sealedSegments.length > 0;
    const otlp = await listen(
      (req, res) => {
        if (!collector.receive(req, res)) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'not_found', message: `no OTLP route ${req.url}` } }));
        }
      },
      config.host,
      config.otlpPort,
    );
    result.collector = collector;
    result.otlpUrl = otlp.url;
    closers.push(otlp.close, collector.close);
    logger.info({ url: otlp.url }, 'OTLP/HTTP receiver listening');
  }

  let api: Listening | undefined;
  if (mode !== 'collector') {
    const deps: AppDeps = {
      driver,
      link,
      links,
      metrics,
      logger,
      now: options.now ?? Date.now,
      tokens,
      webDir: options.webDir,
      publicUrl: config.publicUrl,
      apiRatePerSecond: env.PAYLENS_API_RATE,
      cluster: config.cluster,
      readiness: async () => {
        const collector = result.collector;
        if (collector?.spool.isFull) return 'spool full';
        return undefined;
      },
    };
    api = await listen(createApp(deps), config.host, config.apiPort);
    result.apiUrl = api.url;
    const alerting = env.PAYLENS_ALERTING === 'on' ? startAlerting(deps) : undefined;
    if (!alerting) logger.info('alerting off in this process (PAYLENS_ALERTING=off)');
    result.alerting = alerting;
    // The evaluating process (one, when scaled out) also builds journeys in the background, so
    // reads, which catch up first in every process, seldom find work left.
    // One builder per link, each under its link's version; while ingest is busy they share a
    // quarter of one core between them.
    const journeys = alerting ? links.links.map((l) => analyticsContext(deps, l).journeys) : [];
    for (const store of journeys) {
      store.start(JOURNEY_BUILD_INTERVAL_MS, {
        ingestBusy: () => Date.now() - lastIngestMs < INGEST_QUIET_MS || spoolBacklog(),
        busyRestFactor: 4 * journeys.length - 1,
      });
    }
    // Stop order: the API stops taking requests, then the evaluator and delivery worker finish.
    closers.unshift(
      api.close,
      async () => alerting?.stop(),
      async () => {
        await Promise.all(journeys.map((store) => store.stop()));
      },
    );
    logger.info({ url: api.url }, 'API and web app listening');
    if (options.webDir) checkWebBuild(options.webDir, logger);
  }

  if (!isLoopback(config.host) && !env.PAYLENS_TOKEN && !env.PAYLENS_API_TOKEN) {
    logger.warn(
      { host: config.host },
      'listening beyond loopback without PAYLENS_TOKEN / PAYLENS_API_TOKEN set',
    );
  }

  result.stop = async () => {
    for (const close of closers) await close();
    await driver.close();
  };
  return result;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The collector's check of the ingest token: same rules as the API's (401 vs 403). */
function ingestAuthorizer(tokens: AuthTokens) {
  if (!tokens.ingest) return undefined;
  return (req: IncomingMessage): 401 | 403 | undefined => {
    const granted = grantedLevels(tokens, bearerToken(req.headers.authorization));
    if (granted.has('ingest')) return undefined;
    return granted.size > 0 ? 403 : 401;
  };
}

function redactorFor(env: PaylensEnv): Redactor | undefined {
  if (env.PAYLENS_REDACT === 'off') return undefined;
  const extraKeys = env.PAYLENS_REDACT_KEYS.split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  return createRedactor({ ...DEFAULT_REDACTION, keys: [...DEFAULT_REDACTION.keys, ...extraKeys] });
}
