import type { Browser, Locator } from 'playwright-core';
import { expect } from 'vitest';
import { openPage, type WatchedPage } from './browser.ts';

/** Trimmed text of an element ('' when it has none). */
export const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

/** Runs `fn` on a fresh page and fails when the page logged a console error or threw. */
export async function withPage(
  browser: Browser,
  baseUrl: string,
  fn: (watched: WatchedPage) => Promise<void>,
  theme: 'light' | 'dark' = 'light',
): Promise<void> {
  const watched = await openPage(browser, baseUrl, { theme });
  watched.page.setDefaultTimeout(10_000);
  try {
    await fn(watched);
    expect(watched.errors).toEqual([]);
  } finally {
    await watched.close();
  }
}
