// Soak at a fixed rate (default half of what load.ts sustains here) and watch memory: prints RSS
// over time and its growth after the warm-up. SOAK_SECONDS (default 300), SOAK_SPANS_PER_SECOND.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildPaylens } from '../test/support/child-paylens.ts';
import { buildTracePayloads } from './support/payloads.ts';
import { rssMiB } from './support/process-stats.ts';
import { ingestLoad } from './support/traffic.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const RATE = Number(process.env.SOAK_SPANS_PER_SECOND ?? 30_000);
const { payloads } = buildTracePayloads(100_000, [1000]);
const dir = mkdtempSync(join(tmpdir(), 'paylens-soak-'));
const child = await startChildPaylens('all', {
  PAYLENS_DATA_DIR: dir,
  PAYLENS_PORT: '0',
  PAYLENS_OTLP_PORT: '0',
  PAYLENS_LOG_LEVEL: 'warn',
  PAYLENS_INGEST_RATE: '0',
});
const pid = child.process.pid!;
const samples: number[] = [];
const interval = Math.max(5, Math.round(SECONDS / 20)) * 1000;
const sampler = setInterval(() => samples.push(rssMiB(pid)), interval);
const stats = await ingestLoad({
  url: () => child.otlpUrl,
  payloads,
  spansPerPayload: payloads.map(() => 1000),
  workers: 4,
  deadline: Date.now() + SECONDS * 1000,
  spansPerSecond: RATE,
});
clearInterval(sampler);
child.process.kill('SIGTERM');
await child.exited;
rmSync(dir, { recursive: true, force: true });

const warm = samples.slice(Math.floor(samples.length / 5));
const growth = warm.length > 1 ? (warm.at(-1)! - warm[0]!) / warm[0]! : Number.NaN;
console.log(`soak for ${SECONDS}s at ${RATE} spans/s target`);
console.table({
  'acknowledged spans/s': Math.round(stats.acknowledgedSpans / SECONDS),
  responses: JSON.stringify(Object.fromEntries(stats.statuses)),
  [`RSS MiB every ${interval / 1000} s`]: samples.map((v) => v.toFixed(0)).join(' '),
  'RSS growth after warm-up': `${(growth * 100).toFixed(1)} % (target < 10 %)`,
});
