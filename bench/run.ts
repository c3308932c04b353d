// Runs every benchmark script in its own process (libchdb binds one data directory per process)
// and lets each print its own table. BENCH_ONLY=name,name runs a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const ORDER = ['otlp-decode', 'ingest', 'trace-lookup', 'analytics', 'slos', 'alerts', 'web-waterfall'];
const only = process.env.BENCH_ONLY?.split(',');
const scripts = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .filter((name) => !only || only.includes(name))
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));

let failed = 0;
for (const name of scripts) {
  // The previous script's writes (some generate 10M spans) are flushed first, so their writeback
  // does not run during this script's measurements.
  spawnSync('sync');
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.bench.ts`], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    console.log(`(${name} failed with ${result.status ?? result.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
