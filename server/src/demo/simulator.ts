import type { SpanContext } from '@opentelemetry/api';
import { type Channel, DEFAULT_CHANNEL_MIX, type Incident } from './catalog.ts';
import { emitTrace } from './emit-trace.ts';
import { NdjsonSender } from './ndjson-sender.ts';
import { type PlanOptions, planPayment } from './payment-plan.ts';
import type { PlannedTrace } from './plan-types.ts';
import { createRandom, mixSeed } from './random.ts';
import { createTelemetry } from './telemetry.ts';

export interface SimulatorLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SimulatorOptions {
  /** The OTLP/HTTP base URL, e.g. http://127.0.0.1:4318. */
  collectorUrl: string;
  /** Payments started per second (Poisson arrivals). Default 20. */
  rate?: number;
  /** Relative weights of the channels. Default alipay 45, wechatpay 35, card 20. */
  channelMix?: Partial<Record<Channel, number>>;
  incident?: Incident;
  /** Same seed, same payments (steps, durations, outcomes). Default 42. */
  seed?: number;
  /** History generated at start, so the dashboards have data at once. Default 60 s. */
  backfillMs?: number;
  /** How often spans, logs and NDJSON lines are exported. Default 1 s. */
  exportIntervalMs?: number;
  /** Ingest bearer token. Default: PAYLENS_TOKEN from the environment. */
  token?: string;
  logger?: SimulatorLogger;
}

export interface SimulatorStats {
  payments: number;
  traces: number;
  spans: number;
  logs: number;
  ndjsonLines: number;
  exportErrors: number;
}

export interface Simulator {
  stop(): Promise<void>;
  /** Starts (or, with undefined, ends) an incident for the payments started from now on. */
  setIncident(incident: Incident | undefined): void;
  stats(): SimulatorStats;
}

interface PendingTrace {
  dueEpochMs: number;
  startEpochMs: number;
  trace: PlannedTrace;
  contexts: Map<string, SpanContext>;
}

const TICK_MS = 100;
const BACKFILL_CHUNK = 200;

/**
 * Runs simulated payment traffic against a collector. Each payment is planned up front (a pure
 * function of the seed) and each of its traces is recorded through the SDK the moment its last
 * span ends, so the collector sees what real services would send, when they would send it.
 */
export function startSimulator(options: SimulatorOptions): Simulator {
  const rate = options.rate ?? 20;
  if (!(rate > 0 && rate <= 5_000))
    throw new Error(`simulator rate must be in (0, 5000] payments/s, got ${rate}`);
  const runId = Date.now().toString(36);
  const plan: PlanOptions = {
    seed: options.seed ?? 42,
    runId,
    channelMix: { ...DEFAULT_CHANNEL_MIX, ...options.channelMix },
    incident: options.incident,
  };
  const token = options.token ?? process.env.PAYLENS_TOKEN;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const exportIntervalMs = options.exportIntervalMs ?? 1_000;
  const stats: SimulatorStats = {
    payments: 0,
    traces: 0,
    spans: 0,
    logs: 0,
    ndjsonLines: 0,
    exportErrors: 0,
  };
  const onExportError = (signal: string, error: Error | undefined) => {
    if (stats.exportErrors++ === 0)
      options.logger?.warn(
        { signal, error: error?.message },
        'demo simulator: export to the collector failed',
      );
  };
  const telemetry = createTelemetry({
    collectorUrl: options.collectorUrl,
    headers,
    exportIntervalMs,
    runId,
    onExportError,
  });
  const ndjson = new NdjsonSender({
    url: `${options.collectorUrl.replace(/\/+$/, '')}/v1/logs/ndjson`,
    headers,
    intervalMs: exportIntervalMs,
    onError: (error) => onExportError('ndjson logs', error),
  });

  const arrivals = createRandom(mixSeed(plan.seed, -1));
  let nextArrivalMs = Date.now() - (options.backfillMs ?? 60_000);
  let index = 0;
  let pending: PendingTrace[] = [];
  let stopped = false;

  /** Plans every payment that has arrived by `nowMs`. */
  const admit = (nowMs: number) => {
    while (nextArrivalMs <= nowMs) {
      const payment = planPayment(index++, plan);
      const contexts = new Map<string, SpanContext>();
      // Never before an earlier trace of the payment: a span link needs its target's ids.
      let dueEpochMs = nextArrivalMs;
      for (const trace of payment.traces) {
        dueEpochMs = Math.max(dueEpochMs, nextArrivalMs + trace.endMs);
        pending.push({
          dueEpochMs,
          startEpochMs: nextArrivalMs,
          trace,
          contexts,
        });
      }
      stats.payments++;
      nextArrivalMs += arrivals.exponential(1_000 / rate);
    }
  };
  /** Records the traces that have ended by `nowMs` (at most `limit`), oldest first. */
  const emitDue = (nowMs: number, limit = Number.POSITIVE_INFINITY): number => {
    const due = pending.filter((p) => p.dueEpochMs <= nowMs).sort((a, b) => a.dueEpochMs - b.dueEpochMs);
    const batch = due.slice(0, limit);
    const emitted = new Set(batch);
    pending = pending.filter((p) => !emitted.has(p));
    for (const item of batch) {
      const counts = emitTrace(telemetry, item.trace, item.startEpochMs, item.contexts, (line) =>
        ndjson.push(line),
      );
      stats.traces++;
      stats.spans += counts.spans;
      stats.logs += counts.logs;
      stats.ndjsonLines += counts.ndjsonLines;
    }
    return due.length - batch.length;
  };

  const backfill = (async () => {
    const nowMs = Date.now();
    admit(nowMs);
    // In chunks, flushing between them: the SDK queues are bounded and would drop spans.
    while (!stopped && emitDue(nowMs, BACKFILL_CHUNK) > 0) await telemetry.flush();
  })();
  let timer: NodeJS.Timeout | undefined;
  void backfill.then(() => {
    if (stopped) return;
    timer = setInterval(() => {
      const nowMs = Date.now();
      admit(nowMs);
      emitDue(nowMs);
    }, TICK_MS);
    timer.unref();
  });
  options.logger?.info(
    { rate, incident: plan.incident ?? 'none', seed: plan.seed, collector: options.collectorUrl },
    'demo simulator sending payment traffic',
  );

  return {
    async stop() {
      stopped = true;
      await backfill;
      clearInterval(timer);
      // Traces still in the future are dropped: their payments have not happened yet.
      pending = [];
      await telemetry.shutdown();
      await ndjson.stop();
    },
    setIncident(incident) {
      plan.incident = incident;
      options.logger?.info({ incident: incident ?? 'none' }, 'demo simulator incident changed');
    },
    stats: () => ({ ...stats }),
  };
}
