import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_FLAG_OPTIONS } from '../server/src/demo/flags.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo -- --help', () => {
  it('lists the demo flags and exits 0 without starting anything', () => {
    const dataDir = join(tmpdir(), `paylens-help-${process.pid}`);
    const run = spawnSync('npm', ['run', 'demo', '--silent', '--', '--help'], {
      cwd: ROOT,
      env: { ...process.env, PAYLENS_DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^usage: paylens /m);
    for (const flag of Object.keys(SIMULATOR_FLAG_OPTIONS)) expect(run.stdout).toContain(`--${flag} `);
    // Nothing started: no store opened, no log line written.
    expect(existsSync(dataDir)).toBe(false);
    expect(run.stdout).not.toContain('"level"');
  });
});
