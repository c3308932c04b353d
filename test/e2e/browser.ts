import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromiumFrom } from './chromium.ts';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** A headless Chromium: the installed one, else the npm-shipped one (test/e2e/chromium.ts). */
export async function launchChromium(): Promise<Browser> {
  return (await launchChromiumFrom()).browser;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and Content-Security-Policy violations seen so far. */
  errors: string[];
  close: () => Promise<void>;
}

/** A fresh page (own storage) that records every console error, page exception and CSP violation. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: { theme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.theme ?? 'light',
  });
  const errors: string[] = [];
  await reportCspViolations(context, (violation) => errors.push(`csp: ${violation}`));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return { page, context, errors, close: () => context.close() };
}

/** A full-page screenshot under test/artifacts/ (git-ignored), for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

// In-page code is a string: this file is type-checked without the DOM library.
const LISTEN_FOR_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  window.__paylensCspViolation(
    event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') +
      ' (' + event.sourceFile + ':' + event.lineNumber + ')',
  );
});`;

/**
 * Reports every `securitypolicyviolation` event of the context's pages. The listener is injected
 * by the browser protocol, not as page script, so the policy under test cannot block it.
 */
export async function reportCspViolations(
  context: BrowserContext,
  report: (violation: string) => void,
): Promise<void> {
  await context.exposeBinding('__paylensCspViolation', (_source, violation: string) => report(violation));
  await context.addInitScript(LISTEN_FOR_CSP_VIOLATIONS);
}
