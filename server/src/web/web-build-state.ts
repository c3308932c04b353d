import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `missing`: no built app to serve; `stale`: built before a change to its sources (a clone being
 * worked on); `fresh`: built after them, or shipped built without sources (the npm package).
 */
export type WebBuildState = 'missing' | 'stale' | 'fresh';

/** The sources a build reads, beside `web/dist`. */
const SOURCE_ENTRIES = ['src', 'index.html', 'vite.config.ts'];

/** Compares the built app's modification time with its sources' (web/ = dist's parent). */
export function webBuildState(webRoot: string): WebBuildState {
  const builtIndex = join(webRoot, 'dist', 'index.html');
  if (!existsSync(builtIndex)) return 'missing';
  const builtMs = statSync(builtIndex).mtimeMs;
  const newestSourceMs = Math.max(0, ...SOURCE_ENTRIES.map((entry) => newestMtimeMs(join(webRoot, entry))));
  return newestSourceMs > builtMs ? 'stale' : 'fresh';
}

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  // Files only: a folder's time moves when an editor writes a swap file beside a source.
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}
