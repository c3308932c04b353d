import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type LaunchedChromium, launchChromiumFrom, SYSTEM_CHROMIUM } from './e2e/chromium.ts';

/**
 * Renders a small page in two contexts one after the other (as the test files do) and reads back
 * its laid-out text: the browser really works, and survives a closed context.
 */
async function renders({ browser }: LaunchedChromium): Promise<string[]> {
  const texts: string[] = [];
  try {
    for (const n of [1, 2]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.setContent(`<main><h1 id="t" style="width:max-content">rendered ${n}</h1></main>`);
      const box = await page.locator('#t').boundingBox();
      expect(box?.width).toBeGreaterThan(0);
      texts.push((await page.locator('#t').textContent()) ?? '');
      await context.close();
    }
    return texts;
  } finally {
    await browser.close();
  }
}

describe('the browser the tests launch', () => {
  it('is the npm-shipped Chromium when no system Chromium is installed', async () => {
    const launched = await launchChromiumFrom({ systemPath: '/nonexistent/chromium' });
    expect(launched.source).toBe('npm');
    expect(await renders(launched)).toEqual(['rendered 1', 'rendered 2']);
  });

  it('is the npm-shipped Chromium when the system one is there but does not start', async () => {
    const launched = await launchChromiumFrom({ systemPath: '/bin/false' });
    expect(launched.source).toBe('npm');
    expect(await renders(launched)).toEqual(['rendered 1', 'rendered 2']);
  });

  it.runIf(existsSync(SYSTEM_CHROMIUM))('is the system Chromium when it is installed', async () => {
    const launched = await launchChromiumFrom();
    expect(launched).toMatchObject({ source: 'system', executablePath: SYSTEM_CHROMIUM });
    expect(await renders(launched)).toEqual(['rendered 1', 'rendered 2']);
  });
});
