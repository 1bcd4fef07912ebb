import * as path from 'path';
import type { Page } from 'playwright-core';
import { Cell, fakeConfigPlan, loadAddOn, newWorld, typeInto, World } from '../../src/apps-script-fakes';
import { templatePlanGrid } from '../../src/template/template-content';
import { ARTIFACTS, chromiumForThisFile, FAKE_GOOGLE } from '../helpers/dialog-pages';
import { col } from '../helpers/sheet';

// The sidebar in Chromium, 300 px wide as Sheets draws it, its google.script.run answered by the bundled add-on
// (dist/Code.js) on the strict fakes: each call a fresh execution, as in Apps Script. The page's clock is
// Playwright's fake one, so "within 3 s" is counted in the page's own time, not the machine's speed.
const TYPE = col('propertyType');
const browser = chromiumForThisFile();

type Fake = { __calls: unknown[][]; __inFlight: Record<string, number>; __maxInFlight: Record<string, number>; __pwned?: number };

interface Sidebar {
  page: Page;
  /** Each server call the page made: its name and how many of its service calls reached the spreadsheet. */
  served: Array<{ name: string; sheetCalls: number }>;
  /** While set, the server answers only once it resolves. */
  hold: { until: Promise<void> | null };
  errors: string[];
}

/** A call that reads the plan's cells (asking the grid's size is not one: row inserts and deletes fire no onEdit). */
const SHEET_CALL = /^(Range\.get(Values|DisplayValues|Notes|Backgrounds)|Sheet\.getDataRange)$/;

function world(grid: Cell[][] | null): World {
  const w = newWorld();
  if (grid) w.spreadsheet.addSheet('Tracking Plan', grid);
  w.spreadsheet.addSheet('Importer Settings', [
    ['Personal Access Token', 'sidebar-token'],
    ['Workspace Slug', 'acme'],
    ['Tracking Plan ID', 'rs_web'],
  ]);
  return w;
}

/** The analyst types into the plan: onEdit (a simple trigger, as Sheets runs it) moves the plan's revision on. */
async function edit(w: World, a1: string, value: Cell): Promise<void> {
  await typeInto(w, loadAddOn(w), 'Tracking Plan', a1, value);
}

/** Waits (in real time, for the server's answer) until the page says so; a condition, never a fixed sleep. */
async function until(check: () => Promise<boolean>): Promise<void> {
  // A real-time bound far above the work (Chromium, and the bundle reading the sheet), however slow the machine.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the sidebar never got there');
}

const stateCalls = (page: Page) =>
  page.evaluate(() => {
    const f = globalThis as unknown as Fake;
    return {
      calls: f.__calls.filter((c) => c[0] === 'sidebarState').length,
      inFlight: f.__inFlight.sidebarState ?? 0,
      max: f.__maxInFlight.sidebarState ?? 0,
    };
  });

/** Waits until the page has had `n` answers from sidebarState(). */
async function answered(page: Page, n: number): Promise<void> {
  await until(async () => {
    const s = await stateCalls(page);
    return s.calls >= n && s.inFlight === 0;
  });
}

async function open(w: World): Promise<Sidebar> {
  await loadAddOn(w).openSidebar();
  const html = w.ui.sidebars.at(-1)?.html ?? '';
  const page = await browser().newPage({ viewport: { width: 300, height: 760 } });
  const sidebar: Sidebar = { page, served: [], hold: { until: null }, errors: [] };
  page.on('pageerror', (e) => sidebar.errors.push(e.message));
  await page.clock.install();
  await page.exposeFunction('__server', async (name: string, args: unknown[]) => {
    if (sidebar.hold.until) await sidebar.hold.until;
    const before = w.serviceCalls.length;
    const result = await loadAddOn(w)[name](...args);
    sidebar.served.push({ name, sheetCalls: w.serviceCalls.slice(before).filter((c) => SHEET_CALL.test(c)).length });
    // google.script.run hands the page JSON-like values only.
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  });
  await page.setContent(html.replace('<head>', `<head>${FAKE_GOOGLE}`));
  await answered(page, 1);
  return sidebar;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('the sidebar in Chromium', () => {
  it('with no plan: says so and offers Set up sheets and Import', async () => {
    const { page, errors } = await open(world(null));
    await shot(page, 'sidebar-no-plan');
    expect(await page.locator('#noplan').innerText()).toContain('This spreadsheet has no sheet named Tracking Plan.');
    expect(await page.locator('#actions').isVisible()).toBe(false);
    expect(await page.locator('#list').isVisible()).toBe(false);
    await page.locator('#setup').click();
    await until(async () => (await page.locator('#count-events').count()) === 1);
    expect(await page.locator('#noplan').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('a clean plan: the counts, the target, the last sync by whom, and Compare then Send these changes', async () => {
    const w = world(templatePlanGrid() as Cell[][]);
    fakeConfigPlan(w, 'rs_web');
    w.ui.confirmAnswers = ['YES'];
    await loadAddOn(w).sendToSegment();
    const { page, errors, served } = await open(w);
    await shot(page, 'sidebar-clean');
    expect(await page.locator('#glance').innerText()).toMatch(/^\d+ events\s+\d+ properties\s+0 errors\s+0 warnings/);
    expect(await page.locator('#shown').innerText()).toBe('No problems: the plan can be sent.');
    expect(await page.locator('#target').innerText()).toBe('Sends to Config API: tracking plan rs_web in workspace "acme".');
    expect(await page.locator('#syncs').innerText()).toBe(
      'Last sync with rs_web (Config API): 2026-01-01 12:00 UTC by analyst@example.com.',
    );

    await page.locator('#compare').click();
    await until(
      async () =>
        served.some((s) => s.name === 'compareWithSegment') && (await page.locator('#compare').innerText()) === 'Compare with Segment',
    );
    expect(w.ui.dialogData('diff').confirm).toBeNull(); // Segment already matches: nothing to send.
    expect(errors).toEqual([]);
  });

  it('500 problems: one folded line with a count and links, filters, keyboard, and links to cells', async () => {
    const grid = templatePlanGrid() as Cell[][];
    for (let i = 0; i < 500; i++) grid.push(['', '', '', `property_${i}`, 'A property', 'txet', '', '', '', '', '', '', '', '']);
    const w = world(grid);
    const { page, errors } = await open(w);
    await shot(page, 'sidebar-500-problems');
    expect(await page.locator('#count-errors').innerText()).toBe('500 errors');
    const lines = page.locator('.problem');
    expect(await lines.count()).toBe(1);
    const line = await lines.first().innerText();
    expect(line).toMatch(/^error ×500 Unknown Property Type "txet"\. Did you mean text\?/);
    expect(line).toMatch(/ and 480 more$/);
    expect(await lines.first().locator('button.cell').count()).toBe(20);
    expect(await page.locator('details summary').first().innerText()).toMatch(/\(500 errors\)$/);
    expect(await page.locator('#shown').innerText()).toBe('Showing 500 problems. Click a cell to go to it.');

    // Filters: warnings only hides them all; text narrows to one cell.
    await page.locator('#severity').selectOption('warning');
    expect(await page.locator('.problem').count()).toBe(0);
    await page.locator('#severity').selectOption('all');
    const first = grid.length - 500 + 1;
    await page.locator('#filter').fill(`${TYPE}${first + 400}`);
    expect(await page.locator('.problem').innerText()).toMatch(new RegExp(`^error Unknown Property Type "txet".* ${TYPE}${first + 400}$`));

    // Keyboard: Tab reaches the cell link, Enter goes to the cell; Enter on a group folds it.
    await page.locator('#filter').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe(`${TYPE}${first + 400}`);
    await page.keyboard.press('Enter');
    await until(async () => w.spreadsheet.selection === `Tracking Plan!${TYPE}${first + 400}`);
    await page.locator('details summary').first().focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('details').first().getAttribute('open')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('after an edit: shows it within 3 s, reading the sheet only then, one call at a time', async () => {
    const w = world(templatePlanGrid() as Cell[][]);
    const sidebar = await open(w);
    const { page, served } = sidebar;
    expect(await page.locator('#count-errors').innerText()).toBe('0 errors');
    await page.clock.runFor(2000);
    await answered(page, 2);
    await page.clock.runFor(2000);
    await answered(page, 3);
    // Nothing changed: the polls after the first read no sheet.
    expect(served.filter((s) => s.name === 'sidebarState').map((s) => s.sheetCalls > 0)).toEqual([true, false, false]);

    const beforeEdit = served.length;
    await edit(w, `${TYPE}5`, 'txet');
    await page.clock.runFor(3000);
    await until(async () => (await page.locator('#count-errors').innerText()) === '1 error');
    await shot(page, 'sidebar-after-edit');
    expect(await page.locator('.problem').innerText()).toMatch(new RegExp(`^error Unknown Property Type "txet".* ${TYPE}5$`));
    // The first poll after the edit reads the sheet; any later one (an answer that came back within the 3 s lets the
    // page ask again: how many depends on the machine's speed) reads nothing.
    const after = served.slice(beforeEdit).filter((s) => s.name === 'sidebarState');
    expect(after.map((s, i) => (i === 0 ? s.sheetCalls > 0 : s.sheetCalls))).toEqual([true, ...after.slice(1).map(() => 0)]);

    // A slow server: no second call starts while one is unanswered, however long it takes.
    let release = () => {};
    sidebar.hold.until = new Promise<void>((resolve) => (release = resolve));
    const before = (await stateCalls(page)).calls;
    await page.clock.runFor(20_000);
    expect((await stateCalls(page)).calls).toBe(before + 1);
    sidebar.hold.until = null;
    release();
    await answered(page, before + 1);
    expect((await stateCalls(page)).max).toBe(1);
    expect(sidebar.errors).toEqual([]);
  });

  it('nothing from a cell runs as markup, and a link to a deleted row says so', async () => {
    const grid = templatePlanGrid() as Cell[][];
    grid.push(['', '<b id="bold">Bold Event</b>', 'Fires', '', '', '', '', '', '', '', '', '', '', '']);
    grid.push(['', '', '', 'img_prop', 'An image', '<img src=x onerror="window.__pwned=1">', '', '', '', '', '', '', '', '']);
    const w = world(grid);
    const { page, errors } = await open(w);
    await shot(page, 'sidebar-markup');
    expect(await page.locator('#problems img, #problems b#bold').count()).toBe(0);
    // Read inside the page: the markup's handler, had it run, set this; null means it never did.
    expect(await page.evaluate(() => (globalThis as unknown as Fake).__pwned ?? null)).toBeNull();
    expect(await page.locator('#problems img').count()).toBe(0);
    const text = await page.locator('#problems').innerText();
    expect(text).toContain('<b id="bold">Bold Event</b>');
    expect(text).toContain('Unknown Property Type "<img src=x onerror="window.__pwned=1">"');

    // The analyst deletes the last rows; before the next refresh, a link still names a row that is gone.
    w.spreadsheet.sheet('Tracking Plan').deleteRows(grid.length - 1, 2);
    await page.locator('button.cell').last().click();
    await until(async () => (await page.locator('#status').innerText()) !== '');
    expect(await page.locator('#status').innerText()).toBe(
      `Tracking Plan!${TYPE}${grid.length} is gone: Tracking Plan now ends at row ${grid.length - 2}. Rows were deleted since this list was made.`,
    );
    expect(errors).toEqual([]);
  });
});
