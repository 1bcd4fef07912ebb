import { readFileSync } from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { Cell, Dialog, loadAddOn, newWorld, World } from '../../src/apps-script-fakes';
import { templatePlanGrid } from '../../src/template/template-content';
import { ARTIFACTS, chromiumForThisFile, openDialog, pageCalls } from '../helpers/dialog-pages';
import { planGrid } from '../helpers/sheet';

// The add-on's dialogs in a real browser (Chromium from npm): the exact HTML the bundled add-on hands to the
// Ui, with google.script.run faked as Apps Script has it, chaining and handlers included.

const browser = chromiumForThisFile();
const open = (dialog: Dialog, name: string): Promise<Page> => openDialog(browser(), dialog, name);
const calls = pageCalls;

function world(plan: Cell[][]): World {
  const w = newWorld();
  w.spreadsheet.addSheet('Tracking Plan', plan);
  w.spreadsheet.addSheet('Importer Settings', [['Tracking Plan ID', 'rs_x']]);
  return w;
}

describe('dialogs in Chromium', () => {
  it('the problems dialog lists each problem, and a click selects its cell', async () => {
    const grid = templatePlanGrid() as Cell[][];
    grid[4][5] = 'txet';
    grid.push(['', '', '', 'orphan</script><script>window.__calls.push(["pwned"])</script>', '', 'string', '', '', '', '', '', '', '', '']);
    const w = world(grid);
    await loadAddOn(w).validatePlan();
    const page = await open(w.ui.dialogs.at(-1) as Dialog, 'problems');
    const rows = await page.locator('#rows tr').allInnerTexts();
    expect(rows.some((r) => r.startsWith('Tracking Plan!F5\terror\tUnknown Property Type "txet"'))).toBe(true);
    expect(await page.locator('#errors').innerText()).toMatch(/^\d+ errors?$/);
    await page.locator('#rows tr', { hasText: 'Tracking Plan!F5' }).click();
    expect(await calls(page)).toEqual([['goToCell', 'Tracking Plan', 'F5']]);
    // Cell text is shown as text: nothing in a cell can run in the dialog.
    expect(await page.locator('#rows').innerText()).toContain('orphan</script>');
  });

  it('the diff dialog shows additions, removals by name and changes, and its button calls the server', async () => {
    const dialogData = {
      summary:
        'Restoring puts back plan tp_x as it was. Events and rules: 1 added (Signed Up); 1 removed (Signed In); 1 changed (Order Completed).',
      same: false,
      removals: ['event "Signed In" (and its 2 properties)'],
      added: [{ rule: 'Signed Up', details: ['added with 1 property'] }],
      removed: [{ rule: 'Signed In', details: ['removed with its 2 properties'] }],
      changed: [{ rule: 'Order Completed', details: ['"total": type number → integer'] }],
      edited: {
        title: 'Edited in Segment since your last sync (2026-01-01 12.00 UTC): sending the sheet would overwrite these edits.',
        lines: ['Added: Added In App: added with 0 properties'],
      },
      confirm: { label: 'Restore this backup', call: 'restoreBackup', args: ['7|2026-01-01T12:00:00.000Z'] },
    };
    // The page exactly as the add-on's showPage serves it.
    const html = readFileSync(path.resolve(__dirname, '../../dist/diff.html'), 'utf8').replace('<?!= data ?>', () =>
      JSON.stringify(dialogData).replace(/</g, '\\u003c'),
    );
    const page = await open({ title: 'diff', html, width: 760, height: 520 }, 'diff');
    expect(await page.locator('#removals').innerText()).toContain('event "Signed In" (and its 2 properties)');
    expect(await page.locator('#edited').innerText()).toContain('Added: Added In App');
    expect(await page.locator('ul.changed').innerText()).toContain('"total": type number → integer');
    // The server answers later; until then the button says it is working.
    await page.evaluate(() => {
      const fake = globalThis as unknown as { __answers: unknown[]; __hold: boolean };
      fake.__answers.push({ error: 'Segment is down' });
      fake.__hold = true;
    });
    await page.locator('#confirm').click();
    expect(await calls(page)).toEqual([['restoreBackup', '7|2026-01-01T12:00:00.000Z']]);
    expect(await page.locator('#confirm').isDisabled()).toBe(true);
    expect(await page.locator('#confirm').innerText()).toBe('Working…');
    // A failure gives the button back and says what happened.
    await page.evaluate(() => {
      const fake = globalThis as unknown as { __hold: boolean; __release(): void };
      fake.__hold = false;
      fake.__release();
    });
    await page.locator('#status').filter({ hasText: 'Segment is down' }).waitFor();
    expect(await page.locator('#confirm').isEnabled()).toBe(true);
    expect(await page.locator('#confirm').innerText()).toBe('Restore this backup');
    expect(await page.locator('#status').innerText()).toBe('That did not work: Segment is down');
    // So does an answer that is only an alert (no new dialog replaces this one).
    await page.locator('#confirm').click();
    await page.locator('#confirm:enabled').waitFor();
    expect(await page.locator('#status').innerText()).toBe('');
    expect((await calls(page)).length).toBe(2);
  });

  it('the problems dialog shows the totals the server counted, not those of the 300 it lists', async () => {
    const grid = templatePlanGrid() as Cell[][];
    for (let i = 0; i < 500; i++) grid.push(['', '', '', `property_${i}`, '', 'txet', '', '', '', '', '', '', '', '']);
    const w = world(grid);
    await loadAddOn(w).validatePlan();
    const page = await open(w.ui.dialogs.at(-1) as Dialog, 'problems-500');
    expect(await page.locator('#errors').innerText()).toBe('500 errors');
    expect(await page.locator('#warnings').innerText()).toBe('0 warnings');
    expect(await page.locator('#rows tr').count()).toBe(300);
    expect(await page.locator('#more').innerText()).toBe('… and 200 more, each noted on its cell.');
  });

  it('the backups dialog lists backups and Restore asks the server to review the chosen one', async () => {
    const w = world(templatePlanGrid() as Cell[][]);
    w.spreadsheet.addSheet('Segment Backups', [
      ['Time', 'User', 'API', 'Plan ID', 'Plan name', 'Rules', 'JSON'],
      ['2026-01-01T10:00:00.000Z', 'ana@example.com', 'config', 'rs_x', 'Web', 4, '{"api":"config","rules":{"events":[]}}'],
      ['2026-01-02T11:30:00.000Z', 'bo@example.com', 'public', 'tp_y', 'App', 7, '{"api":"public","rules":[]}'],
    ]);
    await loadAddOn(w).showBackups();
    const page = await open(w.ui.dialogs.at(-1) as Dialog, 'backups');
    const rows = await page.locator('#rows tr').allInnerTexts();
    expect(rows[0]).toContain('2026-01-02 11:30:00\tbo@example.com\tPublic API\ttp_y (App)\t7');
    expect(rows[1]).toContain('2026-01-01 10:00:00\tana@example.com\tConfig API\trs_x (Web)\t4');
    await page.evaluate(() =>
      (globalThis as unknown as { __answers: unknown[] }).__answers.push({ error: 'Exceeded maximum execution time' }),
    );
    await page.locator('#rows tr').nth(1).locator('button').click();
    expect(await calls(page)).toEqual([['reviewRestore', '2|2026-01-01T10:00:00.000Z']]);
    await page.locator('#status').filter({ hasText: 'Exceeded maximum execution time' }).waitFor();
    expect(await page.locator('button:disabled').count()).toBe(0);
    expect(await page.locator('#rows tr').nth(1).locator('button').innerText()).toBe('Restore…');
  });

  it('Check an event: a pasted payload is checked on the server, each violation links to its row', async () => {
    const w = world(
      planGrid([
        { eventName: 'Order Completed', eventDescription: 'An order is placed' },
        { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number', required: true },
        { propertyName: 'currency', propertyDescription: 'ISO code', propertyType: 'string', allowedValues: 'USD, EUR' },
      ]) as Cell[][],
    );
    await loadAddOn(w).showEventCheck();
    const page = await open(w.ui.dialogs.at(-1) as Dialog, 'check-event');
    const text = [
      JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: 3 } }),
      JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: '3', currency: 'GBP' } }),
      '{"type": "track",',
      JSON.stringify({ type: 'track', event: 'Cart Viewed', properties: {} }),
    ].join('\n');
    // The server's own answer, from the bundled add-on against the sheet.
    const answer = JSON.parse(JSON.stringify(loadAddOn(w).checkEvents(text))) as { results: { cells: (string | null)[] }[] };
    expect(answer.results.map((r) => r.cells)).toEqual([['D3', 'D4'], [null]]);
    await page.evaluate((value) => (globalThis as unknown as { __answers: unknown[] }).__answers.push({ value }), answer);
    await page.locator('#payload').fill(text);
    await page.locator('#check').click();
    await page.locator('#summary').filter({ hasText: 'checked' }).waitFor();
    expect(await calls(page)).toEqual([['checkEvents', text]]);
    expect(await page.locator('#summary').innerText()).toBe('3 calls checked: 1 pass, 2 with violations, 1 unreadable.');
    const rows = await page.locator('#rows tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
      ['line 3', '', expect.stringMatching(/^Cannot be read: is not valid JSON: /), ''],
      ['line 2: track "Order Completed"', 'properties.total', 'Invalid type. Expected: number, given: string', 'Tracking Plan!D3'],
      [
        'line 2: track "Order Completed"',
        'properties.currency',
        'properties.currency must be one of the following: "USD", "EUR" (got "GBP")',
        'Tracking Plan!D4',
      ],
      ['line 4: track "Cart Viewed"', 'event', 'Unplanned event: "Cart Viewed" is not in the tracking plan.', ''],
    ]);
    await page.locator('#rows tr', { hasText: 'Tracking Plan!D4' }).click();
    expect((await calls(page)).at(-1)).toEqual(['goToCell', 'Tracking Plan', 'D4']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'check-event-results.png'), fullPage: true });

    // A failure on the server gives the button back and says what happened.
    await page.evaluate(() =>
      (globalThis as unknown as { __answers: unknown[] }).__answers.push({ error: 'Exceeded maximum execution time' }),
    );
    await page.locator('#check').click();
    await page.locator('#status').filter({ hasText: 'Exceeded' }).waitFor();
    expect(await page.locator('#status').innerText()).toBe('That did not work: Exceeded maximum execution time');
    expect(await page.locator('#check').isEnabled()).toBe(true);
    expect(await page.locator('#check').innerText()).toBe('Check');
  });
});
