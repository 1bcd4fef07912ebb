// The add-on on fakes as strict as Google Sheets, through the built dist/Code.js: what a new spreadsheet, a
// big plan, deleted rows and columns, a thousand sends, emoji, the analyst's own colours and Apps Script's
// refusals do to it.
import { AddOn, Cell, fakeConfigPlan, loadAddOn, newWorld, nodeGzipBase64, World } from '../../src/apps-script-fakes';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { jsonFromCells, META_COLUMNS } from '../../src/segment/backup-format';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';

const TOKEN = 'sgp_strict_fakes_token_123456';
const PLAN_ID = 'rs_2StrictFakesPlan000000000';

const SETTINGS: Cell[][] = [
  ['Setting', 'Value'],
  ['Personal Access Token', TOKEN],
  ['Workspace Slug', 'acme'],
  ['Tracking Plan ID', PLAN_ID],
];

/** A spreadsheet as Google makes it (one empty Sheet1), plus the given sheets. */
function spreadsheet(sheets: Record<string, Cell[][]>): World {
  const w = newWorld();
  w.spreadsheet.insertSheet('Sheet1');
  for (const [name, values] of Object.entries(sheets)) w.spreadsheet.addSheet(name, values);
  return w;
}

async function run(w: World, fn: string, ...args: unknown[]): Promise<AddOn> {
  const addOn = loadAddOn(w);
  await addOn[fn](...args);
  return addOn;
}

const lastAlert = (w: World) => w.ui.alerts.at(-1)?.message ?? '';
const puts = (w: World) => w.fetch.calls.filter((c) => c.method === 'PUT');

describe('a new spreadsheet', () => {
  it('Set up sheets makes both sheets, with headers and dropdowns inside the grid', async () => {
    const w = newWorld();
    w.spreadsheet.insertSheet('Sheet1');
    await run(w, 'setUpSheets');
    expect(lastAlert(w)).toContain('Created Tracking Plan and Importer Settings.');
    const plan = w.spreadsheet.sheet('Tracking Plan');
    expect(plan.values[0].slice(0, 5)).toEqual(['Event Type', 'Event Name', 'Event Description', 'Property Name', 'Property Description']);
    // The dropdowns reach row 2001, so the 1000-row sheet grew first.
    expect(plan.getMaxRows()).toBe(2001);
    expect(plan.validations.map((v) => v.range)).toEqual(['A2:A2001', 'F2:F2001', 'G2:G2001']);
    expect(w.spreadsheet.sheet('Importer Settings').values.map((r) => r[0])).toContain('Personal Access Token');
  });

  it('imports a 2,000-event x 30-property plan (62,000 rows), then Send finds nothing to change', async () => {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    const big = parseTrackingPlan(bigPlanGrid(2000, 30));
    const segment = fakeConfigPlan(w, PLAN_ID);
    segment.rules = buildConfigUpdateBody(big.plan).tracking_plan.rules;
    await run(w, 'importFromSegment');
    expect(lastAlert(w)).toContain('Imported 2000 events and 60000 properties');
    const plan = w.spreadsheet.sheet('Tracking Plan');
    expect(plan.getLastRow()).toBe(62_001);
    expect(plan.getMaxRows()).toBeGreaterThanOrEqual(62_001);

    await run(w, 'sendToSegment');
    expect(lastAlert(w)).toContain('Segment already matches the sheet: nothing was sent');
    expect(puts(w)).toEqual([]);
  }, 120_000);
});

describe('Import from Segment', () => {
  it('imports nothing, naming the cell, when a value is longer than a Sheets cell holds', async () => {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    fakeConfigPlan(w, PLAN_ID).rules = {
      events: [
        { name: 'Short', description: 'Fine', version: 1, rules: { type: 'object' } },
        { name: 'Essay Written', description: 'x'.repeat(60_000), version: 1, rules: { type: 'object' } },
      ],
    };
    await run(w, 'importFromSegment');
    expect(lastAlert(w)).toBe(
      'Nothing was imported: Sheets holds at most 50,000 characters in a cell, and this cell of the imported plan would hold more:\n' +
        '  • row 3, Event Description (event "Essay Written"): 60,000 characters',
    );
    expect(w.spreadsheet.getSheets().map((s) => s.getName())).toEqual(['Sheet1', 'Importer Settings']);
  });
});

describe('sheets whose rows or columns were deleted', () => {
  /** A plan of 1,241 rows with an unknown type at row 1,200 (column F) and a bad version at row 1,230 (column M). */
  function brokenBigPlan(): Cell[][] {
    const grid = bigPlanGrid(40, 30) as Cell[][];
    grid[1199][5] = 'txet';
    grid[1229][12] = 'two';
    return grid;
  }

  it('Validate after deleting 900 rows reads only what is left and marks what is there', async () => {
    const w = spreadsheet({ 'Tracking Plan': brokenBigPlan(), 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    expect(sheet.noteAt('F1200')).toContain('Unknown Property Type "txet"');
    sheet.deleteRows(2, 900);
    expect(sheet.getMaxRows()).toBe(341);
    await run(w, 'validatePlan');
    expect(w.ui.dialogs.at(-1)?.title).toBe('Segment: problems in the plan');
    expect(sheet.noteAt('F300')).toContain('Unknown Property Type "txet"');
    expect(sheet.fillAt('F300')).toBe('#f4cccc');
    expect(w.ui.everything()).not.toContain('stopped');
  });

  it('Validate after deleting columns reads only what is left', async () => {
    const w = spreadsheet({ 'Tracking Plan': brokenBigPlan(), 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    expect(sheet.noteAt('M1230')).toContain('Version');
    // Labels, Version, JSON Schema and the empty columns after them go.
    sheet.deleteColumns(12, 15);
    expect(sheet.getMaxColumns()).toBe(11);
    await run(w, 'validatePlan');
    expect(sheet.noteAt('F1200')).toContain('Unknown Property Type "txet"');
    expect(w.ui.everything()).not.toContain('stopped');
  });
});

describe('the analyst’s own formatting', () => {
  it('Validate leaves fills and notes it did not set as they were, and puts back those under a fixed problem', async () => {
    const grid = templatePlanGrid() as Cell[][];
    grid[4][5] = 'txet';
    const w = spreadsheet({ 'Tracking Plan': grid, 'Importer Settings': SETTINGS });
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    // Alternating colours on the first rows, an explicit white cell, and a note of the analyst's.
    for (let row = 2; row <= 8; row += 2) for (const column of 'ABCDEFGHIJKLMN') sheet.paint(`${column}${row}`, '#e8f0fe');
    sheet.paint('B5', '#ffffff');
    sheet.writeNote('F5', 'ask Sam about this type');
    const before = sheet.backgrounds;

    await run(w, 'validatePlan');
    expect(sheet.fillAt('F5')).toBe('#f4cccc');
    expect(sheet.noteAt('F5')).toMatch(/^Segment: Error: Unknown Property Type "txet"/);
    const after = sheet.backgrounds;
    after[4][5] = before[4][5];
    expect(after).toEqual(before);
    // Unfilled cells stay unfilled: not turned into explicit white.
    expect(sheet.fillAt('C3')).toBeNull();

    sheet.paint('F7', '#d9ead3');
    sheet.typeCell('F7', 'txet');
    await run(w, 'validatePlan');
    expect(sheet.fillAt('F7')).toBe('#f4cccc');
    sheet.typeCell('F5', 'string');
    sheet.typeCell('F7', 'string');
    await run(w, 'validatePlan');
    expect(lastAlert(w)).toContain('The plan is valid');
    expect(sheet.fillAt('F5')).toBeNull();
    expect(sheet.noteAt('F5')).toBe('ask Sam about this type');
    expect(sheet.fillAt('F7')).toBe('#d9ead3');
    expect(sheet.backgrounds).toEqual([...before.slice(0, 6), before[6].map((f, i) => (i === 5 ? '#d9ead3' : f)), ...before.slice(7)]);
  });
});

describe('a sheet full of problems', () => {
  it('Validate marks every problem cell with one fill write and one notes write, and lists the first 300 with the totals', async () => {
    const grid = bigPlanGrid(200, 30) as Cell[][];
    const typeColumn = grid[0].indexOf('Property Type');
    const misspelt: number[] = [];
    grid.forEach((row, r) => {
      if (r > 0 && row[typeColumn] !== '') {
        row[typeColumn] = 'strng';
        misspelt.push(r);
      }
    });
    const w = spreadsheet({ 'Tracking Plan': grid, 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    const backgrounds = sheet.backgrounds;
    expect(misspelt).toHaveLength(6_000);
    expect(misspelt.filter((r) => backgrounds[r][typeColumn] !== '#f4cccc')).toEqual([]);
    expect(misspelt.filter((r) => !sheet.notes[r][typeColumn].startsWith('Segment: Error: Unknown Property Type "strng"'))).toEqual([]);
    expect(w.serviceCalls.filter((c) => /setBackground|setNotes/.test(c))).toEqual(['Range.setNotes', 'RangeList.setBackground']);
    const listed = w.ui.dialogData('problems');
    // 6,000 unknown types, and 3,800 Min, Max and Pattern cells that a property of no known type cannot use.
    expect([listed.total, listed.errors, listed.problems.length]).toEqual([9_800, 9_800, 300]);
  });
});

describe('backups', () => {
  it('1,050 sends in one spreadsheet: the last still backs up and uploads, and the sheet never shrinks', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    fakeConfigPlan(w, PLAN_ID);
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    // One load of the script for all the sends: what accumulates is in the spreadsheet, not in the script.
    const addOn = loadAddOn(w);
    for (let n = 1; n <= 1050; n++) {
      sheet.typeCell('C4', `Version ${n} of the first event`);
      w.clock.now += 60_000;
      await addOn.sendToSegment();
    }
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    expect(puts(w)).toHaveLength(1050);
    const backups = w.spreadsheet.sheet('Segment Backups');
    expect(backups.getMaxRows()).toBe(1000);
    expect(backups.getLastRow()).toBe(21);
    await run(w, 'showBackups');
    const listed = w.ui.dialogData('backups').backups;
    expect(listed).toHaveLength(20);
    expect(listed[0].time).toBe(new Date(w.clock.now).toISOString());
    const newest = JSON.parse(jsonFromCells(backups.values[20], META_COLUMNS, nodeGzipBase64));
    expect(JSON.stringify(newest)).toContain('Version 1049 of the first event');
  }, 120_000);

  it('a plan whose JSON holds emoji restores byte-identical from a backup', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    const segment = fakeConfigPlan(w, PLAN_ID);
    // 135,000 characters of "😀a" cross the 40,000-character cell boundaries at every offset modulo 3, so a
    // cut that ignores surrogate pairs splits one.
    const rules = {
      events: [
        { name: 'Party Started 🎉', description: '😀a'.repeat(45_000), version: 1, rules: { type: 'object' } },
        { name: 'Cake Eaten 🍰', description: 'Fires when 🍰 is eaten', version: 1, rules: { type: 'object' } },
      ],
      identify_traits: [],
      group_traits: [],
    };
    segment.rules = rules;
    await run(w, 'sendToSegment');
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    await run(w, 'showBackups');
    const [backup] = w.ui.dialogData('backups').backups;
    await run(w, 'restoreBackup', backup.id);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    const restored = JSON.stringify(JSON.parse(puts(w).at(-1)?.payload as string).tracking_plan.rules);
    // Where the two first differ (-1: nowhere), so a failure does not print 270,000 characters twice.
    const expected = JSON.stringify(rules);
    let differs = -1;
    for (let i = 0; i < expected.length && differs < 0; i++) if (restored[i] !== expected[i]) differs = i;
    expect({ differs, length: restored.length }).toEqual({ differs: -1, length: expected.length });
  });

  it('a 2,000-event x 30-property plan takes at most 1.5 MB of cell text', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    const segment = fakeConfigPlan(w, PLAN_ID);
    segment.rules = buildConfigUpdateBody(parseTrackingPlan(bigPlanGrid(2000, 30)).plan).tracking_plan.rules;
    const json = JSON.stringify({ api: 'config', rules: segment.rules });
    await run(w, 'sendToSegment');
    const row = w.spreadsheet.sheet('Segment Backups').values[1];
    const text = row.slice(META_COLUMNS).join('');
    expect(json.length).toBeGreaterThan(5_000_000);
    expect(jsonFromCells(row, META_COLUMNS, nodeGzipBase64)).toBe(json);
    expect(text.length).toBeLessThanOrEqual(1_500_000);
    expect(row.every((cell) => String(cell).length <= 50_000)).toBe(true);
  }, 60_000);
});

describe('what Apps Script refuses', () => {
  it('a host outside the manifest’s whitelist is refused once, not retried, and said so', async () => {
    // A manifest that lacks the EU host, and a plan in an EU workspace.
    const settings = [...SETTINGS.slice(0, 3), ['Tracking Plan ID', 'tp_eu'], ['Region', 'EU']];
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': settings });
    w.fetch.whitelist.splice(w.fetch.whitelist.indexOf('https://eu1.api.segmentapis.com/'), 1);
    await run(w, 'sendToSegment');
    expect(w.fetch.refused).toEqual([
      'Request to https://eu1.api.segmentapis.com/tracking-plans/tp_eu failed because the URL has not been whitelisted in the script manifest.',
    ]);
    expect(w.clock.sleeps).toEqual([]);
    expect(w.spreadsheet.toasts.filter((t) => t.includes('trying again'))).toEqual([]);
    expect(lastAlert(w)).toContain("Apps Script refused the address: the add-on may only call Segment's API hosts");
    expect(lastAlert(w)).not.toContain('Check your connection');
  });

  it('the daily UrlFetch quota is reported once, without retries', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    w.fetch.quotaLeft = 0;
    await run(w, 'importFromSegment');
    expect(w.fetch.refused).toEqual(['Service invoked too many times for one day: urlfetch.']);
    expect(w.clock.sleeps).toEqual([]);
    expect(lastAlert(w)).toContain("used up today's UrlFetch quota");
  });

  it('the Config API upload keeps the 6-minute deadline: a confirmation left open too long sends nothing', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    fakeConfigPlan(w, PLAN_ID);
    w.ui.onAlert = (title) => {
      if (title === 'Send to Segment?') w.clock.now += 5.5 * 60 * 1000;
    };
    await run(w, 'sendToSegment');
    expect(puts(w)).toEqual([]);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Segment: nothing sent');
    expect(w.ui.dialogs.at(-1)?.html).toContain('Run Send to Segment again');
  });
});

describe('the problems dialog', () => {
  it('gets its totals from the server when there are more problems than it lists', async () => {
    const grid = [...(templatePlanGrid() as Cell[][])];
    for (let i = 0; i < 500; i++) grid.push(['', '', '', `property_${i}`, '', 'txet', '', '', '', '', '', '', '', '']);
    const w = spreadsheet({ 'Tracking Plan': grid, 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    const data = w.ui.dialogData('problems');
    expect(data.problems).toHaveLength(300);
    expect([data.total, data.errors, data.warnings]).toEqual([500, 500, 0]);
  });
});
