import { launchChromiumFrom } from './chromium.ts';

/**
 * Starts Chromium once before the browser tests: @sparticuz/chromium unpacks itself into the temp
 * folder on first use, and two test files unpacking at once would run a half-written binary.
 */
export default async function setup(): Promise<void> {
  const { browser } = await launchChromiumFrom();
  await browser.close();
}
