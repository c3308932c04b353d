import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's package path; PAYLENS_CHROMIUM points at another installed Chromium. */
export const SYSTEM_CHROMIUM = process.env.PAYLENS_CHROMIUM ?? '/usr/bin/chromium';

const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

// @sparticuz/chromium's list is made for serverless functions. Left out: two flags that change what
// a page may do (same-origin policy, mixed content; the tests want the browser a user has), and
// --single-process, under which closing one context takes the whole browser down.
const SKIPPED_ARGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
]);

export interface LaunchedChromium {
  browser: Browser;
  /** `system`: the installed Chromium; `npm`: the one @sparticuz/chromium ships. */
  source: 'system' | 'npm';
  executablePath: string;
}

export interface ChromiumOptions {
  systemPath?: string;
  /** Flags beside the headless ones (e.g. the bench's frame-rate flags). */
  extraArgs?: readonly string[];
}

/**
 * The installed Chromium when it is there and starts (faster), else the one an npm package ships,
 * so browser tests need no system package. `npx playwright install` cannot run on these machines.
 */
export async function launchChromiumFrom(options: ChromiumOptions = {}): Promise<LaunchedChromium> {
  const systemPath = options.systemPath ?? SYSTEM_CHROMIUM;
  const extraArgs = options.extraArgs ?? [];
  if (existsSync(systemPath)) {
    try {
      const browser = await chromium.launch({
        executablePath: systemPath,
        args: [...HEADLESS_ARGS, ...extraArgs],
      });
      return { browser, source: 'system', executablePath: systemPath };
    } catch {
      // Present but does not start (wrong architecture, missing libraries): use the packaged one.
    }
  }
  // Loaded only when needed: importing it is cheap, but its first executablePath() unpacks ~200 MB.
  const packaged = (await import('@sparticuz/chromium')).default;
  const executablePath = await packaged.executablePath();
  const args = [
    ...packaged.args.filter((arg) => !SKIPPED_ARGS.has(arg)),
    '--disable-background-networking',
    ...extraArgs,
  ];
  return { browser: await chromium.launch({ executablePath, args }), source: 'npm', executablePath };
}
