// The analyst's own columns in the add-on (issue 19, item 5), through the built dist/Code.js on the strict fakes:
// Owner, a lifecycle Status and a column named in Importer Settings Notes Columns leave Validate plan clean, and a
// Label Columns column is sent as labels.
import { Cell, editCells, loadAddOn } from '../../src/apps-script-fakes';
import { headerRowIndex } from '../../src/plan/header';
import { templatePlanGrid } from '../../src/template/template-content';
import { puts, settingsRows, world } from '../helpers/send-world';
import { run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

/** The template's plan with Owner, Status and Design Link columns: filled on the event rows, blank elsewhere. */
function annotatedPlan(): Cell[][] {
  const grid = templatePlanGrid() as Cell[][];
  const header = headerRowIndex(grid) ?? 0;
  return grid.map((row, r) => {
    if (r < header) return row;
    if (r === header) return [...row, 'Owner', 'Status', 'Design Link'];
    const eventRow = row[1] !== '' && row[1] !== undefined;
    return [...row, ...(eventRow ? ['growth-team', 'Planned', 'https://figma.example/1'] : ['', 'Implemented', ''])];
  });
}

describe("Validate plan: the analyst's own columns", () => {
  it('Owner, a lifecycle Status and a Notes Columns column leave the plan valid, with nothing said', async () => {
    const w = spreadsheet({ 'Tracking Plan': annotatedPlan(), 'Importer Settings': [...SETTINGS, ['Notes Columns', 'Design Link']] });
    await run(w, 'validatePlan');
    expect(w.ui.dialogs).toEqual([]);
    expect(w.spreadsheet.toasts).toEqual([
      'The plan is valid: 4 events and 28 properties plus identify, group, common rules, no problems. Nothing was sent.',
    ]);
  });

  it('Send to Segment sends a Label Columns column as labels of each event, and the other columns not at all', async () => {
    const w = world(annotatedPlan(), settingsRows({ 'Notes Columns': 'Design Link', 'Label Columns': 'Owner' }));
    await run(w, 'sendToSegment');
    const body = JSON.parse(puts(w)[0]?.payload as string) as {
      tracking_plan: { rules: { events: Array<{ name: string; rules: { labels?: Record<string, string> } }> } };
    };
    const events = body.tracking_plan.rules.events;
    expect(events.length).toBe(4);
    expect(events.map((e) => [e.name, e.rules.labels?.owner])).toEqual(events.map((e) => [e.name, 'growth-team']));
    expect(JSON.stringify(events)).not.toMatch(/Planned|Implemented|figma/);
  });
});

describe("live validation: the analyst's own columns", () => {
  it('an edit in a lifecycle Status column, or beside it, marks what Validate plan marks: nothing', async () => {
    const plan = annotatedPlan();
    const status = (plan[headerRowIndex(plan) ?? 0] ?? []).indexOf('Status');
    const statusLetter = String.fromCharCode(65 + status);
    const w = spreadsheet({ 'Tracking Plan': plan, 'Importer Settings': [...SETTINGS, ['Notes Columns', 'Design Link']] });
    await run(w, 'validatePlan');
    const addOn = loadAddOn(w);
    await editCells(w, addOn, 'Tracking Plan', `${statusLetter}4`, [['Deprecated']]);
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    const fresh = spreadsheet({ 'Tracking Plan': sheet.values, 'Importer Settings': [...SETTINGS, ['Notes Columns', 'Design Link']] });
    await run(fresh, 'validatePlan');
    expect(w.logs).toEqual([]);
    expect(sheet.notes.flat().filter((n) => n)).toEqual([]);
    expect(
      fresh.spreadsheet
        .sheet('Tracking Plan')
        .notes.flat()
        .filter((n) => n),
    ).toEqual([]);
  });
});
