import { analyticsContext, linksOf } from '../analytics/context.ts';
import type { AppDeps } from '../app-deps.ts';
import type { AddressPolicy } from './address-guard.ts';
import { alertStores } from './alert-stores.ts';
import { alertingOptionsFromEnv } from './alerting-options.ts';
import type { BackoffPolicy } from './backoff.ts';
import { createClickHouseMetricSource } from './clickhouse-metric-source.ts';
import { type Clock, type Scheduler, systemScheduler } from './clock.ts';
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.ts';
import { type EvaluatorDeps, evaluateTick, type TickSummary } from './evaluator.ts';
import { linkRoutedMetricSource } from './link-routed-metric-source.ts';
import type { MetricSource } from './metric-source.ts';
import { linkOfRule } from './rule-link.ts';
import { createWebhookSender, type WebhookSender } from './webhook-sender.ts';

export interface AlertingOptions {
  /** Evaluation period (default PAYLENS_ALERT_INTERVAL, 30 s). */
  intervalMs?: number;
  addressPolicy?: AddressPolicy;
  /** Deadline of one delivery attempt (default PAYLENS_WEBHOOK_TIMEOUT, 10 s). */
  requestTimeoutMs?: number;
  clock?: Clock;
  scheduler?: Scheduler;
  metricSource?: MetricSource;
  send?: WebhookSender;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Run the evaluator (default true) and the delivery worker (default true). */
  evaluate?: boolean;
  deliver?: boolean;
  checkpoint?: EvaluatorDeps['checkpoint'];
}

export interface Alerting {
  /** One evaluation now (also what the timer runs), then a delivery pass is requested. */
  evaluateNow(): Promise<TickSummary>;
  worker: DeliveryWorker;
  /** Resolves once no evaluation or delivery pass is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the alert evaluator (every interval, ticks never overlapping) and the webhook delivery
 * worker. State lives in ClickHouse: a restart resumes firing alerts and pending deliveries.
 */
export function startAlerting(deps: AppDeps, options: AlertingOptions = {}): Alerting {
  const fromEnv = alertingOptionsFromEnv(process.env);
  const clock = options.clock ?? { now: deps.now };
  const scheduler = options.scheduler ?? systemScheduler;
  const intervalMs = options.intervalMs ?? fromEnv.intervalMs;
  const stores = alertStores(deps.driver);
  const send =
    options.send ??
    createWebhookSender({
      policy: options.addressPolicy ?? fromEnv.addressPolicy,
      timeoutMs: options.requestTimeoutMs ?? fromEnv.requestTimeoutMs,
    });
  const worker = createDeliveryWorker({
    ...stores,
    send,
    clock,
    scheduler,
    logger: deps.logger,
    backoff: options.backoff,
    random: options.random,
    onAttempt: (outcome) => deps.metrics.webhookDeliveries.inc({ outcome }),
  });
  const evaluatorDeps: EvaluatorDeps = {
    ...stores,
    link: deps.link,
    links: linksOf(deps),
    metrics: options.metricSource ?? linkMetricSources(deps),
    clock,
    publicUrl: deps.publicUrl,
    logger: deps.logger,
    checkpoint: options.checkpoint,
  };

  let stopped = false;
  let ticking: Promise<TickSummary> | undefined;
  let cancel: (() => void) | undefined;
  const evaluateNow = () => {
    ticking ??= evaluateTick(evaluatorDeps)
      .then((summary) => {
        if (summary.notifications > 0 || summary.recovered > 0) worker.wake();
        return summary;
      })
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };
  const loop = () => {
    if (stopped) return;
    cancel = scheduler.schedule(intervalMs, () => {
      evaluateNow()
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'alert evaluation failed'))
        .finally(loop);
    });
  };
  if (options.evaluate !== false) {
    void evaluateNow().catch((error: unknown) => deps.logger.warn({ err: error }, 'alert evaluation failed'));
    loop();
  }
  if (options.deliver !== false) worker.start();

  return {
    evaluateNow,
    worker,
    async idle() {
      while (ticking) await ticking.catch(() => undefined);
      await worker.idle();
    },
    async stop() {
      stopped = true;
      cancel?.();
      await ticking?.catch(() => undefined);
      await worker.stop();
    },
  };
}

/** The ClickHouse metric source of each link, a rule's requests going to its own link's. */
function linkMetricSources(deps: AppDeps) {
  const links = linksOf(deps);
  const sources = new Map(
    links.links.map((link) => [
      link,
      createClickHouseMetricSource(analyticsContext(deps, link), {
        cluster: deps.cluster,
        ownsSloMinutes: link === links.defaultLink,
      }),
    ]),
  );
  return linkRoutedMetricSource((name) => {
    const link = linkOfRule({ link: name }, links);
    return link && sources.get(link);
  });
}
