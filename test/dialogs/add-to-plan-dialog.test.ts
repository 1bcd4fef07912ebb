// Issue 20, item 5, in Chromium: Check an event… lists what the plan lacks with how many calls carried it, and its
// Add to plan button appends the rows and shows the same paste passing. The page is served by the bundled add-on.
import type { Page } from 'playwright-core';
import { Cell, Dialog, loadAddOn, newWorld, World } from '../../src/apps-script-fakes';
import { chromiumForThisFile, FAKE_GOOGLE } from '../helpers/dialog-pages';
import { planGrid } from '../helpers/sheet';

const browser = chromiumForThisFile();

function world(): World {
  const w = newWorld();
  w.spreadsheet.addSheet(
    'Tracking Plan',
    planGrid([
      { eventName: 'Order Completed', eventDescription: 'An order is placed' },
      { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number', required: true },
    ]) as Cell[][],
  );
  return w;
}

/** The dialog's HTML in Chromium, every google.script.run call answered by the bundled add-on on `w`. */
async function served(w: World, dialog: Dialog): Promise<{ page: Page; errors: string[] }> {
  const page = await browser().newPage({ viewport: { width: dialog.width ?? 720, height: dialog.height ?? 480 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('__server', async (name: string, args: unknown[]) => {
    const result = await loadAddOn(w)[name](...args);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  });
  await page.setContent(dialog.html.replace('<head>', `<head>${FAKE_GOOGLE}`));
  return { page, errors };
}

const text = [
  { type: 'track', event: 'Order Completed', properties: { total: 3, coupon: 'SPRING' } },
  { type: 'track', event: 'Cart Viewed', properties: { cart_id: 'c1' } },
  { type: 'track', event: 'Cart Viewed', properties: { cart_id: 'c2' } },
]
  .map((c) => JSON.stringify(c))
  .join('\n');

describe('Check an event… Add to plan, in Chromium', () => {
  it('lists what the plan lacks, adds the rows on a click, and shows the paste passing', async () => {
    const w = world();
    await loadAddOn(w).showEventCheck();
    const { page, errors } = await served(w, w.ui.dialogs.at(-1) as Dialog);
    expect(await page.locator('#lacking').isVisible()).toBe(false);
    await page.locator('#payload').fill(text);
    await page.locator('#check').click();
    await page.locator('#lacking').waitFor();
    expect(await page.locator('#lacking li').allInnerTexts()).toEqual([
      'track "Cart Viewed": unplanned event, in 2 calls',
      'track "Order Completed": properties.coupon, in 1 call',
    ]);
    expect(await page.locator('#add').innerText()).toBe('Add 3 rows to the plan');

    await page.locator('#add').click();
    await page.locator('#added').filter({ hasText: 'Added' }).waitFor();
    expect(await page.locator('#added').innerText()).toBe(
      'Added 3 rows to Tracking Plan (rows 4 to 6). Each description holds an example: rewrite it, then Validate plan.',
    );
    expect(await page.locator('#summary').innerText()).toBe('3 calls checked: 3 pass, 0 with violations.');
    expect(await page.locator('#lacking').isVisible()).toBe(false);
    expect(
      w.spreadsheet
        .getSheetByName('Tracking Plan')!
        .values.slice(3)
        .map((r) => [r[1], r[3], r[5]]),
    ).toEqual([
      ['Order Completed', 'coupon', 'string'],
      ['Cart Viewed', '', ''],
      ['', 'cart_id', 'string'],
    ]);
    expect(errors).toEqual([]);
  });
});
