import { Cell, fakeConfigPlan, loadAddOn, newWorld, typeInto, World } from '../../src/apps-script-fakes';
import { FakeCache } from '../../src/apps-script-fakes/cache';
import { FakeClock } from '../../src/apps-script-fakes/services';
import { FakeUi, htmlService } from '../../src/apps-script-fakes/ui';
import type { SidebarState } from '../../src/apps-script/sidebar-state';
import { col, planGrid } from '../helpers/sheet';

// Segment > Open sidebar and the sidebarState() it polls, on the bundled add-on (dist/Code.js) and the strict fakes.

const TYPE = col('propertyType');

function world(): World {
  const w = newWorld();
  w.spreadsheet.addSheet(
    'Tracking Plan',
    planGrid([
      { eventName: 'Order Completed', eventDescription: 'An order is placed' },
      { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number', required: true },
      { propertyName: 'currency', propertyDescription: 'ISO code', propertyType: 'string' },
      { eventName: 'Signed Up', eventDescription: 'A user signs up' },
      { propertyName: 'plan', propertyDescription: 'Chosen plan', propertyType: 'string' },
    ]) as Cell[][],
  );
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

/** One google.script.run call to sidebarState(): a fresh execution, its answer as the page receives it (JSON). */
function state(w: World, shownRevision?: string): { state: SidebarState; calls: string[] } {
  const before = w.serviceCalls.length;
  const answer = JSON.parse(JSON.stringify(loadAddOn(w).sidebarState(shownRevision))) as SidebarState;
  return { state: answer, calls: w.serviceCalls.slice(before) };
}

/** Calls that reach the spreadsheet's content (the Ui is not one). */
/** Calls that read the plan's cells. Asking the grid's size is not one: rows inserted or deleted fire no onEdit. */
const sheetReads = (calls: readonly string[]) =>
  calls.filter((c) => /^(Range\.get(Values|DisplayValues|Notes|Backgrounds)|Sheet\.getDataRange)$/.test(c));
const SHAPE_ONLY = ['SpreadsheetApp.getActiveSpreadsheet', 'Spreadsheet.getSheetByName', 'Sheet.getMaxRows', 'Sheet.getMaxColumns'];

describe('Segment > Open sidebar', () => {
  it('is first in the menu; Send to Segment is last, after a separator', () => {
    const w = newWorld();
    loadAddOn(w).onOpen();
    expect(w.ui.menus[0].items).toEqual([
      ['Open sidebar', 'openSidebar'],
      ['Validate plan', 'validatePlan'],
      ['Preview rules JSON', 'previewRules'],
      ['Compare with Segment', 'compareWithSegment'],
      ['Check an event…', 'showEventCheck'],
      null,
      ['Import from Segment', 'importFromSegment'],
      ['Take edits from Segment…', 'takeEditsFromSegment'],
      ['Restore a backup…', 'showBackups'],
      null,
      ['Set up sheets', 'setUpSheets'],
      ['Choose a plan…', 'showPlanChooser'],
      ['Store token privately…', 'storeTokenPrivately'],
      ['Test connection', 'testSegmentConnection'],
      ['Help', 'showHelp'],
      null,
      ['Send to Segment', 'sendToSegment'],
    ]);
  });

  it('opens the sidebar page, 300 px wide, without reading the sheet', async () => {
    const w = world();
    await loadAddOn(w).openSidebar();
    expect(w.ui.sidebars.map((s) => [s.title, s.page, s.width])).toEqual([['Segment', 'sidebar', 300]]);
    expect(w.ui.dialogs).toEqual([]);
    expect(w.ui.alerts).toEqual([]);
    expect(sheetReads(w.serviceCalls)).toEqual([]);
    expect(w.ui.sidebars[0].html).toContain('<script type="application/json" id="data">\n      {"pollMs":2000}');
  });

  it('the Ui fake refuses a sidebar Sheets would not draw as asked, as Apps Script refuses a wrong argument', () => {
    const ui = new FakeUi();
    const html = htmlService();
    const output = (text: string) => html.createHtmlOutput(text) as unknown as GoogleAppsScript.HTML.HtmlOutput;
    expect(() => ui.showSidebar(output('x').setWidth(400))).toThrow('a sidebar is 300 px wide; this page asks for 400 px');
    expect(() => ui.showSidebar(output('x').setHeight(600))).toThrow('a sidebar is as tall as the window');
    expect(() => ui.showSidebar('<p>x</p>' as never)).toThrow('Invalid argument: userInterface');
    ui.showSidebar(output('<p>x</p>').setWidth(300).setTitle('T'));
    expect(ui.sidebars).toEqual([{ title: 'T', html: '<p>x</p>', page: undefined, width: 300 }]);
  });
});

describe('sidebarState()', () => {
  it('gives the plan at a glance, its target and its problems, each with its cell and its event', () => {
    const w = world();
    w.spreadsheet.sheet('Tracking Plan').typeCell(`${TYPE}3`, 'txet');
    const { state: s } = state(w);
    // The row with an unknown type is not in the plan, so two properties are counted.
    expect(s).toMatchObject({
      hasPlan: true,
      sheet: 'Tracking Plan',
      events: 2,
      properties: 2,
      otherRules: [],
      errors: 1,
      warnings: 0,
      total: 1,
    });
    expect(s.target).toEqual({ plan: 'config:rs_web', label: 'Config API: tracking plan rs_web in workspace "acme"' });
    expect(s.problems).toEqual([
      {
        sheet: 'Tracking Plan',
        cell: `${TYPE}3`,
        severity: 'error',
        message: expect.stringMatching(/^Unknown Property Type "txet"\. Did you mean text\?/),
        group: 'Order Completed',
      },
    ]);
    expect(s.syncs).toEqual([]);
    expect(s.progress).toBeNull();
    expect(JSON.stringify(s)).not.toContain('sidebar-token');
  });

  it('says when there is no Tracking Plan sheet', () => {
    const w = newWorld();
    const { state: s } = state(w);
    expect(s).toMatchObject({ hasPlan: false, errors: 0, warnings: 0, problems: [], target: null });
  });

  it('reads no sheet when nothing changed, and the same revision comes back', () => {
    const w = world();
    const first = state(w);
    expect(sheetReads(first.calls)).toContain('Range.getValues');
    const second = state(w);
    expect(sheetReads(second.calls)).toEqual([]);
    expect(second.calls.filter((c) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range|RangeList)\./.test(c))).toEqual(SHAPE_ONLY);
    expect(second.state).toEqual(first.state);
    // The page passes the revision it shows: the answer then leaves the problems out.
    const shown = state(w, first.state.revision);
    expect(sheetReads(shown.calls)).toEqual([]);
    expect(shown.state).toEqual({ ...first.state, unchanged: true, problems: [] });
    // The document properties once (revision, progress, sync records), the grid's size (4), the cached state (2).
    expect(second.calls.length).toBe(8);
  });

  it('after an edit: reads the sheet again, and the revision changes only when what it shows changes', async () => {
    const w = world();
    const before = state(w).state;
    await edit(w, `${TYPE}5`, 'strng');
    const after = state(w);
    expect(sheetReads(after.calls)).toContain('Range.getValues');
    expect(after.state.revision).not.toBe(before.revision);
    expect(after.state.errors).toBe(1);
    expect(after.state.problems.map((p) => [p.cell, p.group])).toEqual([[`${TYPE}5`, 'Signed Up']]);
    // Validate reads and marks the sheet, so the sidebar reads again; the plan is the same, so is the revision.
    await loadAddOn(w).validatePlan();
    const validated = state(w);
    expect(sheetReads(validated.calls)).toContain('Range.getValues');
    expect(validated.state.revision).toBe(after.state.revision);
    expect(sheetReads(state(w).calls)).toEqual([]);
  });

  it('copes with a cache that forgot: reads the sheet again, same revision', () => {
    const w = world();
    const first = state(w).state;
    w.caches.document.evictAll();
    const again = state(w);
    expect(sheetReads(again.calls)).toContain('Range.getValues');
    expect(again.state).toEqual(first);
  });

  it('folds identical problems: 3,000 of one message are all listed', () => {
    const w = world();
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    const rows = Array.from({ length: 3000 }, (_, i) => [
      '',
      '',
      '',
      `property_${i}`,
      'A property',
      'strng',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    sheet.typeValues([...sheet.values, ...rows] as Cell[][]);
    const { problems } = state(w).state;
    expect(problems).toHaveLength(3000);
    expect(new Set(problems.map((p) => `${p.group}|${p.message}`)).size).toBe(1);
  });

  it('lists as many of 3,000 different problems as the cache holds, with the totals, and still reads nothing the next time', () => {
    const w = world();
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    const rows = Array.from({ length: 3000 }, (_, i) => [
      '',
      '',
      '',
      `property_${i}`,
      'A property',
      `strng_${i}`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    sheet.typeValues([...sheet.values, ...rows] as Cell[][]);
    const first = state(w).state;
    expect([first.errors, first.total]).toEqual([3000, 3000]);
    expect(first.problems.length).toBeGreaterThan(100);
    expect(first.problems.length).toBeLessThan(3000);
    const shape = `${sheet.getMaxRows()}x${sheet.getMaxColumns()}`;
    const cached = Object.values(
      w.caches.document.getAll([`segment.sidebar.${w.documentProperties.getProperty('segment.planRevision') ?? '0'}.${shape}`]),
    );
    expect(cached).toHaveLength(1);
    expect(Buffer.byteLength(cached[0])).toBeLessThanOrEqual(100 * 1024);
    expect(sheetReads(state(w).calls)).toEqual([]);
  });

  it('shows a running Send phase by phase, and a finished one for ten minutes', () => {
    const w = world();
    state(w);
    w.documentProperties.setProperty(
      'segment.progress',
      JSON.stringify({ phase: 'Uploading batch 2 of 5…', at: w.clock.now, done: false }),
    );
    expect(state(w).state.progress).toEqual({ phase: 'Uploading batch 2 of 5…', at: w.clock.now, done: false });
    w.documentProperties.setProperty('segment.progress', JSON.stringify({ phase: 'Sent.', at: w.clock.now, done: true }));
    w.clock.sleep(11 * 60 * 1000);
    const later = state(w);
    expect(later.state.progress).toBeNull();
    expect(sheetReads(later.calls)).toEqual([]);
  });

  it('says a run is stopped when its phase is older than Apps Script lets a run last (its end was never written)', () => {
    const w = world();
    const at = w.clock.now;
    w.documentProperties.setProperty('segment.progress', JSON.stringify({ phase: 'Uploading batch 2 of 5…', at, done: false }));
    w.clock.sleep(7 * 60 * 1000);
    expect(state(w).state.progress).toEqual({
      phase: 'Stopped during "Uploading batch 2 of 5…": Apps Script ends a run after 6 minutes. Run it again to finish.',
      at,
      done: true,
    });
  });

  it('the last sync (when, by whom), edits in Segment that Compare saw, and Send these changes', async () => {
    const w = world();
    const remote = fakeConfigPlan(w, 'rs_web');
    await loadAddOn(w).sendToSegment();
    const syncedAt = new Date(w.clock.now).toISOString();
    expect(state(w).state.syncs).toEqual([{ plan: 'config:rs_web', syncedAt, by: 'analyst@example.com', editedSeenAt: null }]);

    // A colleague adds an event in the Segment app.
    const events = (remote.rules as { events: Array<{ name: string }> }).events;
    remote.rules = { events: [...events, { ...events[0], name: 'Added In App' }] };
    remote.update_time = '2026-01-03T00:00:00Z';
    w.clock.sleep(60_000);
    await loadAddOn(w).compareWithSegment();
    const diff = w.ui.dialogData('diff');
    expect(diff.confirm).toEqual({ label: 'Send these changes', call: 'sendToSegment', args: [] });
    const seen = new Date(w.clock.now).toISOString();
    expect(state(w).state.syncs).toEqual([{ plan: 'config:rs_web', syncedAt, by: 'analyst@example.com', editedSeenAt: seen }]);

    // The diff's button: Send still asks its Yes/No, then the edits are no longer news.
    w.clock.sleep(60_000);
    const asked = w.ui.alerts.length;
    await loadAddOn(w)[diff.confirm?.call ?? '']();
    expect(w.ui.alerts.slice(asked).map((a) => [a.title, a.buttons])).toEqual([['Send to Segment?', 'YES_NO']]);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    expect(state(w).state.syncs).toEqual([
      { plan: 'config:rs_web', syncedAt: new Date(w.clock.now).toISOString(), by: 'analyst@example.com', editedSeenAt: null },
    ]);
  });
});

describe('goToCell', () => {
  it('selects the cell, or says its row is gone', () => {
    const w = world();
    expect(loadAddOn(w).goToCell('Tracking Plan', 'F5')).toBeNull();
    expect(w.spreadsheet.selection).toBe('Tracking Plan!F5');
    w.spreadsheet.sheet('Tracking Plan').deleteRows(2, 2);
    expect(loadAddOn(w).goToCell('Tracking Plan', 'F5')).toBe(
      'Tracking Plan!F5 is gone: Tracking Plan now ends at row 4. Rows were deleted since this list was made.',
    );
    expect(loadAddOn(w).goToCell('Old Plan', 'A1')).toBe('The sheet "Old Plan" is gone, so Old Plan!A1 cannot be shown.');
  });
});

describe('the CacheService fake', () => {
  it('is as strict as Apps Script: 100 KB a value, 250-character keys, 1 s to 6 h, expiry on the clock', () => {
    const clock = new FakeClock();
    const cache = new FakeCache(clock);
    expect(() => cache.put('k', 'x'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    expect(() => cache.put('k'.repeat(251), 'x')).toThrow('Argument too large: key');
    expect(() => cache.put('k', 'x', 6 * 60 * 60 + 1)).toThrow('Invalid argument: expirationInSeconds');
    expect(() => cache.put('k', 'x', 0)).toThrow('Invalid argument: expirationInSeconds');
    cache.put('k', 'x'.repeat(100 * 1024));
    cache.put('short', 'y', 5);
    clock.sleep(5000);
    expect(cache.get('short')).toBeNull();
    expect(cache.get('k')).toHaveLength(100 * 1024);
    clock.sleep(600_000);
    expect(cache.get('k')).toBeNull();
  });
});
