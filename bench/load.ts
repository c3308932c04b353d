// Ingest at saturation while the API is queried; prints sustained spans/s, API p99, accepted vs
// rejected requests and the collector's RSS over time. LOAD_SECONDS bounds it (default 60).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildPaylens } from '../test/support/child-paylens.ts';
import { buildTracePayloads } from './support/payloads.ts';
import { peakRssMiB, quantile, rssMiB } from './support/process-stats.ts';
import { apiLoad, ingestLoad } from './support/traffic.ts';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const { payloads } = buildTracePayloads(100_000, [2000]);
const spansPerPayload = payloads.map(() => 2000);
const dir = mkdtempSync(join(tmpdir(), 'paylens-load-'));
const child = await startChildPaylens('all', {
  PAYLENS_DATA_DIR: dir,
  PAYLENS_PORT: '0',
  PAYLENS_OTLP_PORT: '0',
  PAYLENS_LOG_LEVEL: 'warn',
  PAYLENS_INGEST_RATE: '0',
  PAYLENS_API_RATE: '0',
});
const pid = child.process.pid!;
const rss: string[] = [];
const sampler = setInterval(() => rss.push(rssMiB(pid).toFixed(0)), 5000);
const deadline = Date.now() + SECONDS * 1000;
const now = Date.now();
const [ingest, api] = await Promise.all([
  ingestLoad({ url: () => child.otlpUrl, payloads, spansPerPayload, workers: 8, deadline }),
  apiLoad({
    url: child.apiUrl!,
    paths: [
      `/api/v1/steps?from=${now - 3_600_000}&to=${now + 3_600_000}`,
      `/api/v1/traces?from=${now - 3_600_000}&to=${now + 3_600_000}&limit=20`,
    ],
    workers: 2,
    deadline,
  }),
]);
clearInterval(sampler);
const peak = peakRssMiB(pid);
child.process.kill('SIGTERM');
await child.exited;
rmSync(dir, { recursive: true, force: true });

console.log(`load for ${SECONDS}s: 8 ingest workers (2k-span protobuf requests), 2 API workers`);
console.table({
  'ingest acknowledged spans/s': Math.round(ingest.acknowledgedSpans / SECONDS),
  'ingest responses': JSON.stringify(Object.fromEntries(ingest.statuses)),
  'API requests ok / failed': `${api.latencies.length} / ${api.failures}`,
  'API p50 ms': quantile(api.latencies, 0.5).toFixed(1),
  'API p99 ms': quantile(api.latencies, 0.99).toFixed(1),
  'collector RSS MiB every 5 s': rss.join(' '),
  'collector peak RSS MiB': peak.toFixed(0),
});
