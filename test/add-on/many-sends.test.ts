// A thousand sends from one spreadsheet on the strict Sheets fakes, through the built dist/Code.js: backups rotate
// and the sheet that holds them never shrinks below what Sheets gives a new sheet.
import { Cell, fakeConfigPlan, loadAddOn, nodeGzipBase64 } from '../../src/apps-script-fakes';
import { jsonFromCells, META_COLUMNS } from '../../src/segment/backup-format';
import { templatePlanGrid } from '../../src/template/template-content';
import { PLAN_ID, puts, run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

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
});
