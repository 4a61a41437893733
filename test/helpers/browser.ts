import fs from 'node:fs';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { tempDir } from './env.js';

export const CHROMIUM = '/usr/bin/chromium';
// `npm run screenshots` (KIKI_SCREENSHOTS=1) refreshes the README's images; a plain test run keeps the tree clean.
export const IMAGES =
  process.env.KIKI_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/images') : tempDir('kiki-shots-');

/**
 * Whether the browser tests can run. Outside CI a missing Chromium skips them with a message; in CI
 * (CI=true) it is an error, so that a broken install cannot pass as green.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} not found: install it with "apt-get install -y chromium" to run the browser tests`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(message);
  console.warn(`skipping browser tests: ${message}`);
  return false;
}

/** Debian's Chromium, headless, with a fresh profile and nothing that phones home. */
export async function launchBrowser(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const context = await chromium.launchPersistentContext(tempDir('kiki-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Fail with the locator that did not show up, well before the test's own timeout.
  page.setDefaultTimeout(8000);
  return { context, page, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: path.join(IMAGES, `${name}.png`) });
}

/** Opens the sandbox at `url` as `user` (in `channel` if given) and waits until the page and its switcher show that user. */
export async function openSandboxAs(page: Page, url: string, user: string, channel?: string): Promise<void> {
  await page.goto(`${url}/?user=${user}${channel ? `&channel=${channel}` : ''}`);
  await page.locator(`body[data-user="${user}"]`).waitFor();
  await expect.poll(() => page.locator('#user-switcher').inputValue()).toBe(user);
}

/** Types `text` into the composer (or the field `where`) and sends it with Enter. */
export async function typeAndSend(page: Page, text: string, where = '#composer-input'): Promise<void> {
  await page.locator(where).fill(text);
  await page.locator(where).press('Enter');
}
