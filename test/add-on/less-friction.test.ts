// Issue 18, item 3: less friction in the flows that exist, through the built dist/Code.js on the strict fakes.
import { Cell, FakeSheet, fakeConfigPlan, newWorld } from '../../src/apps-script-fakes';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { templatePlanGrid } from '../../src/template/template-content';
import { PLAN_ID, run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

/** What an analyst reads in a dialog: its text, without markup. */
function text(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('Validate plan', () => {
  it('a clean plan is a toast, with no dialog to close', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    expect(w.ui.alerts).toEqual([]);
    expect(w.ui.dialogs).toEqual([]);
    expect(w.spreadsheet.toasts).toEqual([
      'The plan is valid: 4 events and 28 properties plus identify, group, common rules, no problems. Nothing was sent.',
    ]);
  });

  it('a plan with problems still opens the problems dialog', async () => {
    const grid = templatePlanGrid() as Cell[][];
    grid[4][5] = 'txet';
    const w = spreadsheet({ 'Tracking Plan': grid, 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    expect(w.ui.dialogs.map((d) => d.title)).toEqual(['Segment: problems in the plan']);
  });
});

describe('Help', () => {
  it('names every item of the Segment menu, and how to get the menu into a new spreadsheet without Node', async () => {
    const w = newWorld();
    const addOn = await run(w, 'onOpen');
    addOn.showHelp();
    const help = text(w.ui.dialogs.at(-1)?.html ?? '');
    const items = w.ui.menus[0].items.filter((i): i is [string, string] => i !== null).map((i) => i[0]);
    expect(items.length).toBeGreaterThan(5);
    expect(items.filter((item) => !help.includes(item))).toEqual([]);
    expect(help).toContain('File > Make a copy');
  });
});

describe('Import from Segment', () => {
  /** What Set up sheets gives the plan sheet beyond its values: header notes and weight, frozen rows, widths, dropdowns. */
  function layout(sheet: FakeSheet) {
    return {
      notes: sheet.notes[0],
      bold: sheet.bold.filter((a1) => a1.startsWith('A1:')),
      frozenRows: sheet.frozenRows,
      widths: sheet.columnWidths,
      // The column and the choices; the rows reach past the plan's last row by as many as Set up gives a new sheet.
      dropdowns: sheet.validations.map((v) => [v.range.replace(/\d+/g, ''), v.values.join('|'), v.allowInvalid]),
      dropdownsEnd: sheet.validations.map((v) => Number(/\d+$/.exec(v.range)?.[0]) - Math.max(1, sheet.getLastRow())),
    };
  }

  function setUpLayout() {
    const w = newWorld();
    w.spreadsheet.insertSheet('Sheet1');
    return run(w, 'setUpSheets').then(() => layout(w.spreadsheet.sheet('Tracking Plan')));
  }

  function segmentWithTemplatePlan() {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    fakeConfigPlan(w, PLAN_ID).rules = buildConfigUpdateBody(parseTrackingPlan(templatePlanGrid()).plan).tracking_plan.rules;
    return w;
  }

  it('writes Tracking Plan with the same header notes, dropdowns and widths as Set up sheets', async () => {
    const expected = await setUpLayout();
    expect(expected.notes.filter(Boolean).length).toBeGreaterThan(10);
    const w = segmentWithTemplatePlan();
    await run(w, 'importFromSegment');
    expect(layout(w.spreadsheet.sheet('Tracking Plan'))).toEqual(expected);
  });

  it('a sheet of its own (Tracking Plan already has rows) gets them too', async () => {
    const expected = await setUpLayout();
    const w = segmentWithTemplatePlan();
    w.spreadsheet.addSheet('Tracking Plan', templatePlanGrid() as Cell[][]);
    await run(w, 'importFromSegment');
    const imported = w.spreadsheet.sheets.find((s) => s.getName().startsWith('Plan ')) as FakeSheet;
    expect(imported.getName()).toMatch(/^Plan \d{4}-\d{2}-\d{2} \d{2}\.\d{2} UTC$/);
    expect(layout(imported)).toEqual(expected);
  });
});

describe('Store token privately…', () => {
  const SECRET = 'sgp_never_shown_0123456789abcdef';

  /** Everything the analyst or a log could see: alerts, dialogs, toasts, logs and cell notes. */
  const seen = (w: ReturnType<typeof newWorld>, ...answers: unknown[]) =>
    [
      w.ui.everything(),
      ...w.spreadsheet.toasts,
      ...w.logs,
      JSON.stringify(w.spreadsheet.sheets.map((s) => s.notes)),
      ...answers.map(String),
    ].join('\n');

  it('asks in a dialog with a password field, not a prompt that shows what is typed', async () => {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    await run(w, 'storeTokenPrivately');
    expect(w.ui.alerts).toEqual([]);
    const dialog = w.ui.dialogs.at(-1);
    expect(dialog?.title).toBe('Store token privately');
    expect(dialog?.html).toMatch(/<input id="token" type="password"/);
    expect(w.ui.dialogData('token')).toEqual({ stored: false });
  });

  it('never shows, logs or throws the token: stored, refused, too large for a property, or failing in the store', async () => {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    const addOn = await run(w, 'storeTokenPrivately');
    const answers = [addOn.storePrivateToken(SECRET)];
    expect(answers[0]).toMatch(/^Token stored privately for you\. Cell B2 of Importer Settings was cleared\./);
    expect(w.userProperties.getProperty('segment.token.spreadsheet-id')).toBe(SECRET);

    answers.push(addOn.storePrivateToken(`${SECRET}\n${SECRET}`));
    expect(answers[1]).toBe(
      `The Personal Access Token has a line break at character ${SECRET.length + 1} of ${2 * SECRET.length + 1}, so it cannot be sent. Copy the token from Segment again and paste it on its own. Nothing was stored.`,
    );
    const huge = `${SECRET}${'x'.repeat(10_000)}`;
    answers.push(addOn.storePrivateToken(huge));
    expect(answers[2]).toBe(
      'That is 10,032 characters long: a Segment token is far shorter. Copy the token from Segment again and paste it on its own. Nothing was stored.',
    );
    // A store that fails naming what it was given: the answer hides it.
    w.userProperties.setProperty = (key: string, value: string) => {
      throw new Error(`cannot keep ${key}=${value}`);
    };
    answers.push(addOn.storePrivateToken(SECRET));
    expect(answers[3]).toBe('Nothing was stored: cannot keep segment.token.spreadsheet-id=[token hidden]');
    expect(w.userProperties.getProperty('segment.token.spreadsheet-id')).toBe(SECRET);
    expect(seen(w, ...answers)).not.toContain(SECRET);
    expect(seen(w, ...answers)).not.toContain('x'.repeat(100));
  });

  it('clearing the token cells moves the plan revision on: the open sidebar reads Importer Settings again', async () => {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    const addOn = await run(w, 'storeTokenPrivately');
    const before = w.documentProperties.getProperty('segment.planRevision');
    expect(addOn.storePrivateToken(SECRET)).toMatch(/Cell B2 of Importer Settings was cleared\./);
    expect(w.documentProperties.getProperty('segment.planRevision')).not.toBe(before);
  });

  it('keeps the token for one spreadsheet: as an editor add-on, user properties are shared by every document', async () => {
    const first = spreadsheet({ 'Importer Settings': SETTINGS });
    const addOn = await run(first, 'storeTokenPrivately');
    expect(addOn.storePrivateToken(SECRET)).toMatch(/^Token stored privately for you\./);
    // The same user, the same add-on, another spreadsheet.
    const second = spreadsheet({ 'Importer Settings': SETTINGS });
    second.userProperties = first.userProperties;
    second.spreadsheet.id = 'another-spreadsheet';
    await run(second, 'storeTokenPrivately');
    expect(second.ui.dialogData('token')).toEqual({ stored: false });
    await run(first, 'storeTokenPrivately');
    expect(first.ui.dialogData('token')).toEqual({ stored: true });
  });

  it('still finds a token stored before tokens were kept per spreadsheet', async () => {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    w.userProperties.setProperty('segment.token', SECRET);
    await run(w, 'storeTokenPrivately');
    expect(w.ui.dialogData('token')).toEqual({ stored: true });
  });
});
