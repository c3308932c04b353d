// A paylens alerting process for the crash test, driven by arguments:
//   node --import tsx test/alerts-crash-child.ts <dataDir> <mode> <nowMs> [receiverUrl]
// mode `evaluate-until:<phase>`: creates the rule and spans on first use, evaluates once and stops
//   at the named point of the write protocol (state-written | outbox-written), printing
//   `CHECKPOINT <phase>` and waiting to be killed;
// mode `deliver`: evaluates once and runs the delivery worker until the outbox is empty, printing
//   `DONE <summary>`; mode `deliver-hold`: the same, but the test kills it during delivery.
import { openStore } from '@paylens/store';
import pino from 'pino';
import { alertStores } from '../server/src/alerts/alert-stores.ts';
import { startAlerting } from '../server/src/alerts/start-alerting.ts';
import { analyticsContext } from '../server/src/analytics/context.ts';
import type { AppDeps } from '../server/src/app-deps.ts';
import { createMetrics } from '../server/src/http/metrics.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { channelPaySpan, traceId } from '../server/test/alerts/alert-harness.ts';
import { insertSpanRows } from './fixtures/span-rows.ts';

const [dataDir, mode, nowArg, receiverUrl] = process.argv.slice(2);
const nowMs = Number(nowArg);
const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

const link = loadLinkFile(DEFAULT_LINK_FILE);
const driver = await openStore({ kind: 'embedded', dataDir: dataDir! }, { journeyKey: link.journeyKey });
const deps: AppDeps = {
  driver,
  link,
  metrics: createMetrics(),
  logger: pino({ level: 'silent' }),
  now: () => nowMs,
  tokens: {},
  publicUrl: 'https://paylens.test',
};
await analyticsContext(deps).coverage();
const stores = alertStores(driver);

if ((await stores.rules.list()).length === 0) {
  const rows = Array.from({ length: 20 }, (_, i) =>
    channelPaySpan({
      traceId: traceId(),
      channel: 'paypal',
      startMs: nowMs - 60_000 + i * 1000,
      durationMs: 3000 + i,
    }),
  );
  await insertSpanRows(driver, rows);
  await stores.rules.save(
    'rul_0123456789abcdef0123456789abcdef',
    1,
    {
      name: 'paypal p99',
      step: 'channel_pay',
      metric: 'p99',
      op: '>',
      threshold: 1000,
      window: '5m',
      for: '0s',
      minCount: 0,
      filters: { 'payment.channel': 'paypal' },
      groupBy: [],
      labels: {},
      annotations: {},
      receivers: [{ url: `${receiverUrl}/hook`, format: 'generic', secret: SECRET, headers: {} }],
      enabled: true,
    },
    nowMs,
    nowMs,
  );
}

const forever = () => new Promise<never>(() => {});

if (mode?.startsWith('evaluate-until:')) {
  const stopAt = mode.slice('evaluate-until:'.length);
  const alerting = startAlerting(deps, {
    evaluate: false,
    deliver: false,
    checkpoint: async (phase) => {
      if (phase !== stopAt) return;
      process.stdout.write(`CHECKPOINT ${phase}\n`);
      await forever();
    },
  });
  await alerting.evaluateNow();
  process.stdout.write('NO CHECKPOINT REACHED\n');
} else {
  const alerting = startAlerting(deps, { evaluate: false, deliver: false, requestTimeoutMs: 5_000 });
  const summary = await alerting.evaluateNow();
  await alerting.worker.runOnce();
  const pending = await stores.outbox.pending();
  process.stdout.write(`DONE ${JSON.stringify({ ...summary, pending: pending.length })}\n`);
  await driver.close();
  process.exit(0);
}
