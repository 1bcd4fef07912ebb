// The add-on on the strict Sheets fakes at Segment's scale, through the built dist/Code.js: a 62,000-row import
// and send, the backup of a 2,000-event plan, and a sheet where every Property Type is wrong. Apart from the
// smaller cases in real-sheets.test.ts, so the two run side by side.
import { Cell, fakeConfigPlan, nodeGzipBase64 } from '../../src/apps-script-fakes';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { jsonFromCells, META_COLUMNS } from '../../src/segment/backup-format';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';
import { lastAlert, PLAN_ID, puts, run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

describe('a new spreadsheet', () => {
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
    const notes = sheet.notes;
    expect(misspelt).toHaveLength(6_000);
    expect(misspelt.filter((r) => backgrounds[r][typeColumn] !== '#f4cccc')).toEqual([]);
    expect(misspelt.filter((r) => !notes[r][typeColumn].startsWith('Segment: Error: Unknown Property Type "strng"'))).toEqual([]);
    expect(w.serviceCalls.filter((c) => /setBackground|setNotes/.test(c))).toEqual(['Range.setNotes', 'RangeList.setBackground']);
    const listed = w.ui.dialogData('problems');
    // 6,000 unknown types, and 3,800 Min, Max and Pattern cells that a property of no known type cannot use.
    expect([listed.total, listed.errors, listed.problems.length]).toEqual([9_800, 9_800, 300]);
  });
});

describe('backups', () => {
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
