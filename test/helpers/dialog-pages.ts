// The add-on's pages in Chromium (from npm): one browser per test file, google.script.run faked as Apps Script has
// it (chaining and handlers), offering exactly the bundle's global functions. Screenshots land in test/artifacts/.
import { mkdirSync } from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { Dialog, googleScriptRunFake, loadAddOn, newWorld } from '../../src/apps-script-fakes';
import { launchChromium } from './chromium';

export const ARTIFACTS = path.resolve(__dirname, '../artifacts');

/** google.script.run offering exactly the bundle's global functions. */
export const FAKE_GOOGLE = googleScriptRunFake(Object.keys(loadAddOn(newWorld())).filter((name) => name !== 'SegmentAddon'));

/** Starts Chromium before the file's tests and closes it after; `browser()` is the running one. */
export function chromiumForThisFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  }, 90_000);
  afterAll(() => browser?.close());
  return () => {
    if (!browser) throw new Error('Chromium is not running (called outside a test?)');
    return browser;
  };
}

/** Opens a dialog's exact HTML at its size, screenshots it, and fails on any script error in the page. */
export async function openDialog(browser: Browser, dialog: Dialog, name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: dialog.width ?? 720, height: dialog.height ?? 480 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent(dialog.html.replace('<head>', `<head>${FAKE_GOOGLE}`));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  expect(errors).toEqual([]);
  return page;
}

/** The server calls the page made, as the fake google.script.run recorded them. */
export const pageCalls = (page: Page) => page.evaluate(() => (globalThis as unknown as { __calls: unknown[][] }).__calls);
