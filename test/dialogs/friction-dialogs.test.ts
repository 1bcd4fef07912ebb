import { readFileSync } from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { Cell, Dialog, loadAddOn, newWorld, World } from '../../src/apps-script-fakes';
import { ARTIFACTS, chromiumForThisFile, openDialog, pageCalls } from '../helpers/dialog-pages';
import { planGrid } from '../helpers/sheet';

// Issue 18, item 3, in Chromium: Check an event… reopened with its paste and results, its button like every other
// primary button, and the token asked for in a password field. Screenshots in test/artifacts/.

const browser = chromiumForThisFile();
const open = (dialog: Dialog, name: string): Promise<Page> => openDialog(browser(), dialog, name);
const calls = pageCalls;

/** How a button looks: what an analyst would tell apart. */
const look = (page: Page, selector: string) =>
  page.locator(selector).evaluate((b) => {
    const s = (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(b);
    return [s.backgroundColor, s.color, s.padding, s.borderRadius, s.fontSize, s.fontFamily, s.borderColor].join(' | ');
  });

function world(): World {
  const w = newWorld();
  w.spreadsheet.addSheet(
    'Tracking Plan',
    planGrid([
      { eventName: 'Order Completed', eventDescription: 'An order is placed' },
      { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number', required: true },
    ]) as Cell[][],
  );
  w.spreadsheet.addSheet('Importer Settings', [['Tracking Plan ID', 'rs_x']]);
  return w;
}

describe('Check an event… in Chromium', () => {
  it('reopens with the paste and its results, unplanned properties as information, and a primary button', async () => {
    const w = world();
    const text = JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: '3', coupon: 'X' } });
    loadAddOn(w).checkEvents(text);
    await loadAddOn(w).showEventCheck();
    const page = await open(w.ui.dialogs.at(-1) as Dialog, 'check-event-reopened');
    expect(await page.locator('#payload').inputValue()).toBe(text);
    expect(await page.locator('#summary').innerText()).toBe(
      '1 call checked: 0 pass, 1 with violations. 1 property is not in the plan (information).',
    );
    const rows = (await page.locator('#rows tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    expect(rows).toEqual([
      ['line 1: track "Order Completed"', 'properties.total', 'Invalid type. Expected: number, given: string', 'Tracking Plan!D3'],
      [
        'line 1: track "Order Completed"',
        'properties.coupon',
        'Information: not in the tracking plan. Segment lets it through this rule, but Protocols can block unplanned properties and destinations may drop them: add it to the sheet if it is meant to be sent.',
        'Tracking Plan!B2',
      ],
    ]);
    await page.locator('#rows tr', { hasText: 'properties.coupon' }).click();
    expect(await calls(page)).toEqual([['goToCell', 'Tracking Plan', 'B2']]);

    // The Check button looks like the diff dialog's primary button.
    const diffHtml = readFileSync(path.resolve(__dirname, '../../dist/diff.html'), 'utf8').replace('<?!= data ?>', () =>
      JSON.stringify({
        summary: 's',
        same: false,
        removals: [],
        added: [],
        removed: [],
        changed: [],
        edited: null,
        confirm: { label: 'Go', call: 'restoreBackup', args: [] },
      }),
    );
    const diff = await open({ title: 'diff', html: diffHtml, width: 760, height: 520 }, 'diff-primary-button');
    expect(await look(page, '#check')).toBe(await look(diff, '#confirm'));
  });

  it('says when a paste was too big to keep', async () => {
    const w = world();
    await loadAddOn(w).showEventCheck();
    const page = await open(w.ui.dialogs.at(-1) as Dialog, 'check-event-empty');
    expect(await page.locator('#payload').inputValue()).toBe('');
    const big = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: i } }),
    ).join('\n');
    const answer = JSON.parse(JSON.stringify(loadAddOn(w).checkEvents(big))) as unknown;
    await page.evaluate((value) => (globalThis as unknown as { __answers: unknown[] }).__answers.push({ value }), answer);
    await page.locator('#payload').fill(big);
    await page.locator('#check').click();
    await page.locator('#kept').filter({ hasText: 'more than' }).waitFor();
    expect(await page.locator('#kept').innerText()).toMatch(/^This paste is [\d,]+ bytes, more than the 9,183 the add-on can keep for you/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'check-event-not-kept.png'), fullPage: true });
  });
});

describe('Store token privately… in Chromium', () => {
  it('takes the token in a password field, sends it once, empties the field and shows the answer', async () => {
    const token = 'sgp_typed_in_the_dialog_123456';
    const w = world();
    await loadAddOn(w).storeTokenPrivately();
    const page = await open(w.ui.dialogs.at(-1) as Dialog, 'token');
    expect(await page.locator('#token').getAttribute('type')).toBe('password');
    expect(await page.locator('#remove').isHidden()).toBe(true);
    await page.evaluate(() =>
      (globalThis as unknown as { __answers: unknown[] }).__answers.push({
        value: 'Token stored privately for you. It is used instead of the Personal Access Token cell.',
      }),
    );
    await page.locator('#token').fill(token);
    // What a password field shows is its type's business (checked above); here, that the field holds what was typed.
    expect(await page.locator('#token').inputValue()).toBe(token);
    await page.locator('#token').press('Enter');
    await page.locator('#summary').filter({ hasText: 'Token stored' }).waitFor();
    expect(await calls(page)).toEqual([['storePrivateToken', token]]);
    expect(await page.locator('#token').inputValue()).toBe('');
    expect(await page.locator('#remove').isVisible()).toBe(true);
    expect(await page.locator('#summary').innerText()).toBe(
      'Token stored privately for you. It is used instead of the Personal Access Token cell.',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'token-stored.png'), fullPage: true });
  });
});
