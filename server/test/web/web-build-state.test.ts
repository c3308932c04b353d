import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webBuildState } from '../../src/web/web-build-state.ts';

let web: string;
beforeEach(() => {
  web = mkdtempSync(join(tmpdir(), 'paylens-web-'));
});
afterEach(() => rmSync(web, { recursive: true, force: true }));

/** Writes a file with a given modification time (seconds since the epoch). */
function file(path: string, mtimeS: number): void {
  mkdirSync(join(web, path, '..'), { recursive: true });
  writeFileSync(join(web, path), 'x');
  utimesSync(join(web, path), mtimeS, mtimeS);
}

describe('webBuildState', () => {
  it('is missing without a built index.html', () => {
    file('src/main.tsx', 1_000);
    expect(webBuildState(web)).toBe('missing');
  });

  it('is fresh when built after every source', () => {
    file('src/pages/Overview.tsx', 1_000);
    file('index.html', 1_000);
    file('dist/index.html', 2_000);
    expect(webBuildState(web)).toBe('fresh');
  });

  it('is stale when a nested source changed after the build', () => {
    file('src/pages/Overview.tsx', 3_000);
    file('dist/index.html', 2_000);
    expect(webBuildState(web)).toBe('stale');
  });

  it('is fresh when shipped built without sources (the npm package)', () => {
    file('dist/index.html', 2_000);
    expect(webBuildState(web)).toBe('fresh');
  });
});
