// The add-on on fakes as strict as Google Sheets, through the built dist/Code.js: what a new spreadsheet, deleted
// rows and columns, emoji, the analyst's own colours and Apps Script's refusals do to it. Plans at Segment's scale
// are in big-plans.test.ts, a thousand sends in many-sends.test.ts.
import { Cell, fakeConfigPlan, newWorld } from '../../src/apps-script-fakes';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';
import { lastAlert, PLAN_ID, puts, run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

describe('a new spreadsheet', () => {
  it('Set up sheets makes both sheets, with headers and dropdowns inside the grid', async () => {
    const w = newWorld();
    w.spreadsheet.insertSheet('Sheet1');
    await run(w, 'setUpSheets');
    expect(lastAlert(w)).toContain('Created Tracking Plan, Importer Settings and Property Groups.');
    const plan = w.spreadsheet.sheet('Tracking Plan');
    expect(plan.values[0].slice(0, 5)).toEqual(['Event Type', 'Event Name', 'Event Description', 'Property Name', 'Property Description']);
    // The dropdowns reach row 2001, so the 1000-row sheet grew first.
    expect(plan.getMaxRows()).toBe(2001);
    expect(plan.validations.map((v) => v.range)).toEqual(['A2:A2001', 'F2:F2001', 'G2:G2001']);
    expect(w.spreadsheet.sheet('Importer Settings').values.map((r) => r[0])).toContain('Personal Access Token');
  });
});

describe('Set up sheets on an Importer Settings made by an earlier version', () => {
  it("adds the rows it lacks (Live Validation with its dropdown) below the analyst's, and changes nothing else", async () => {
    const old: Cell[][] = [
      ['Setting', 'Value'],
      ['Tracking Plan ID', 'rs_mine'],
      ['Event Naming', 'Object Action'],
    ];
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': old });
    await run(w, 'setUpSheets');
    const settings = w.spreadsheet.sheet('Importer Settings');
    expect(settings.values.slice(0, 3).map((r) => r.slice(0, 2))).toEqual(old);
    const labels = settings.values.map((r) => r[0]);
    const live = labels.indexOf('Live Validation');
    expect(live).toBeGreaterThan(2);
    expect(settings.validations.filter((v) => v.range === `B${live + 1}`).map((v) => v.values)).toEqual([['On', 'Off']]);
    expect(lastAlert(w)).toMatch(
      /^Both sheets \(Tracking Plan and Importer Settings\) are already here\. Created Property Groups, .* Added the rows .*Live Validation.* to Importer Settings\.$/,
    );
    // A second time, nothing is missing.
    await run(w, 'setUpSheets');
    expect(lastAlert(w)).toBe('Both sheets (Tracking Plan and Importer Settings) are already here; nothing was changed.');
  });
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
    expect(w.spreadsheet.toasts.at(-1)).toContain('The plan is valid');
    expect(sheet.fillAt('F5')).toBeNull();
    expect(sheet.noteAt('F5')).toBe('ask Sam about this type');
    expect(sheet.fillAt('F7')).toBe('#d9ead3');
    expect(sheet.backgrounds).toEqual([...before.slice(0, 6), before[6].map((f, i) => (i === 5 ? '#d9ead3' : f)), ...before.slice(7)]);
  });
});

describe('backups', () => {
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
    w.ui.alerts.length = 0;
    await run(w, 'restoreBackup', backup.id);
    // The restored plan has a 135,000-character description: the sheet cannot hold it, and the analyst is told.
    expect(w.ui.alerts.map((a) => a.message)).toEqual([
      `Restored tracking plan ${PLAN_ID} in workspace "acme" as it was at 2026-01-01 12:00 UTC. The Tracking Plan sheet still holds the plan you rolled back.\n\n` +
        'The restored plan cannot be written into the sheet: Sheets holds at most 50,000 characters in a cell, and this cell would hold more:\n' +
        '  • row 2, Event Description (event "Party Started 🎉"): 135,000 characters\n\n' +
        'Until the sheet matches it, the next Send to Segment would undo this restore, and its question will say so.',
    ]);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    const restored = JSON.stringify(JSON.parse(puts(w).at(-1)?.payload as string).tracking_plan.rules);
    // Where the two first differ (-1: nowhere), so a failure does not print 270,000 characters twice.
    const expected = JSON.stringify(rules);
    let differs = -1;
    for (let i = 0; i < expected.length && differs < 0; i++) if (restored[i] !== expected[i]) differs = i;
    expect({ differs, length: restored.length }).toEqual({ differs: -1, length: expected.length });
  });
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
