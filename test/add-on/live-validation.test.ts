// Validation on edit (issue 18, item 1): the simple trigger onEdit(e) in the built dist/Code.js, run by the fakes
// as Sheets runs it (AuthMode.LIMITED, the edit's event object), marks what Validate plan would mark.
import { Cell, changeStructure, editCells, typeInto, World } from '../../src/apps-script-fakes';
import { templatePlanGrid } from '../../src/template/template-content';
import { run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';
import { loadAddOn } from '../../src/apps-script-fakes';
import * as path from 'path';
import { liveValidationOn, parseImporterSettings } from '../../src/plan/settings';

const PLAN = 'Tracking Plan';
const template = () => templatePlanGrid() as Cell[][];

/** What Validate plan leaves on a sheet holding these values: notes and fills. */
async function validated(values: Cell[][], settings: Cell[][] = SETTINGS) {
  const w = spreadsheet({ [PLAN]: values, 'Importer Settings': settings });
  await run(w, 'validatePlan');
  const sheet = w.spreadsheet.sheet(PLAN);
  return { notes: sheet.notes, fills: sheet.backgrounds };
}

function marks(w: World) {
  const sheet = w.spreadsheet.sheet(PLAN);
  return { notes: sheet.notes, fills: sheet.backgrounds };
}

async function world(values: Cell[][] = template(), settings: Cell[][] = SETTINGS) {
  const w = spreadsheet({ [PLAN]: values, 'Importer Settings': settings });
  await run(w, 'validatePlan');
  w.ui.alerts.length = 0;
  w.ui.dialogs.length = 0;
  return { w, addOn: loadAddOn(w) };
}

describe('a one-cell edit', () => {
  it('marks a typo in a Property Type as Validate plan does, and unmarks it once fixed, keeping the analyst’s note and fill', async () => {
    const { w, addOn } = await world();
    const sheet = w.spreadsheet.sheet(PLAN);
    sheet.paint('F10', '#00ff00');
    sheet.writeNote('F10', 'checked with the shop team');
    const event = await typeInto(w, addOn, PLAN, 'F10', 'numbr');
    expect([event.value, event.oldValue, event.authMode]).toEqual(['numbr', 'number', 'LIMITED']);
    expect(sheet.noteAt('F10')).toBe(
      'Segment: Error: Unknown Property Type "numbr". Did you mean number? Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).\nFill before marking: #00ff00\n\nYour note:\nchecked with the shop team',
    );
    expect(sheet.fillAt('F10')).toBe('#f4cccc');
    const values = sheet.values;
    const byValidate = await validated(values);
    // Validate plan sees the analyst's fill and note too: the same marks, cell for cell.
    byValidate.notes[9][5] = sheet.noteAt('F10');
    byValidate.fills[9][5] = '#f4cccc';
    expect(marks(w)).toEqual(byValidate);

    await typeInto(w, addOn, PLAN, 'F10', 'number');
    expect([sheet.noteAt('F10'), sheet.fillAt('F10')]).toEqual(['checked with the shop team', '#00ff00']);
    expect(w.ui.alerts).toEqual([]);
    expect(w.ui.dialogs).toEqual([]);
    expect(w.fetch.calls).toEqual([]);
  });

  it('marks the whole block of the edited event: an event name cleared leaves its properties to the event above', async () => {
    const { w, addOn } = await world();
    await typeInto(w, addOn, PLAN, 'B8', '');
    const byValidate = await validated(w.spreadsheet.sheet(PLAN).values);
    expect(marks(w)).toEqual(byValidate);
    expect(byValidate.notes.flat().filter((n) => n.startsWith('Segment: ')).length).toBeGreaterThan(0);
  });
});

describe('a paste', () => {
  it('marks every pasted row, with an event object that has no value', async () => {
    const { w, addOn } = await world();
    const sheet = w.spreadsheet.sheet(PLAN);
    const last = sheet.getLastRow();
    const rows: Cell[][] = [
      ['', 'Cart Viewed', 'Fires when the cart opens', '', '', '', '', '', '', '', '', '', '', ''],
      ['', '', '', 'Total', 'the total', 'string', 'maybe', '', '', '', '', '', '', ''],
      ['', '', '', 'cart_id', '', 'strng', '', '', '', '', '', '', '', ''],
    ];
    const event = await editCells(w, addOn, PLAN, `A${last + 1}`, rows);
    expect('value' in event || 'oldValue' in event).toBe(false);
    expect(marks(w)).toEqual(await validated(sheet.values));
    expect(sheet.noteAt(`F${last + 3}`)).toMatch(/^Segment: Error: Unknown Property Type "strng"/);
  });

  it('clearing the last rows removes their marks', async () => {
    const { w, addOn } = await world();
    const sheet = w.spreadsheet.sheet(PLAN);
    const last = sheet.getLastRow();
    await editCells(w, addOn, PLAN, `A${last + 1}`, [['', '', '', 'orphan', '', 'strng', '', '', '', '', '', '', '', '']]);
    expect(sheet.noteAt(`F${last + 1}`)).toMatch(/^Segment: Error: Unknown Property Type "strng"/);
    await editCells(w, addOn, PLAN, `D${last + 1}`, [['', '', '']]);
    expect([sheet.noteAt(`F${last + 1}`), sheet.fillAt(`F${last + 1}`)]).toEqual(['', null]);
  });

  it('after rows were inserted above, marks the rows where they now are', async () => {
    const { w, addOn } = await world();
    const sheet = w.spreadsheet.sheet(PLAN);
    // As the analyst does it: Sheets runs the onChange trigger Validate plan installed, not onEdit.
    await changeStructure(w, addOn, 'INSERT_ROW', () => sheet.insertRowsBefore(5, 3));
    await typeInto(w, addOn, PLAN, 'F13', 'numbr');
    expect(sheet.noteAt('F13')).toMatch(/^Segment: Error: Unknown Property Type "numbr"/);
    expect(marks(w)).toEqual(await validated(sheet.values));
    await changeStructure(w, addOn, 'REMOVE_ROW', () => sheet.deleteRows(5, 3));
    await typeInto(w, addOn, PLAN, 'F10', 'number');
    expect(sheet.noteAt('F10')).toBe('');
    expect(marks(w)).toEqual(await validated(sheet.values));
  });
});

describe('plan-wide checks at the edited cell', () => {
  it('one property name with two types, names differing in case, and a second block of the same event version', async () => {
    const { w, addOn } = await world();
    const sheet = w.spreadsheet.sheet(PLAN);
    const last = sheet.getLastRow();
    await editCells(w, addOn, PLAN, `A${last + 1}`, [
      ['', 'Cart Viewed', 'Fires when the cart opens', '', '', '', '', '', '', '', '', '', '', ''],
      ['', '', '', 'username', 'who', 'number', '', '', '', '', '', '', '', ''],
    ]);
    expect(sheet.noteAt(`F${last + 2}`)).toMatch(
      /^Segment: Warning: "username" is typed number here but string in User Logged In \(row 5\)/,
    );
    await typeInto(w, addOn, PLAN, `D${last + 2}`, 'orderId');
    expect(sheet.noteAt(`D${last + 2}`)).toMatch(/"orderId" differs from "order_id" \(row 9\) only in case or separators/);
    expect(sheet.noteAt(`F${last + 2}`)).toBe('');
    await typeInto(w, addOn, PLAN, `B${last + 1}`, 'order completed');
    expect(sheet.noteAt(`B${last + 1}`)).toMatch(/Event "order completed" differs from "Order Completed" \(row 8\) only in case/);
    expect(marks(w)).toEqual(await validated(sheet.values));
  });
});

describe('what an edit changes besides the plan’s rows', () => {
  it('a header edit re-maps the columns for the next edit', async () => {
    const { w, addOn } = await world();
    const sheet = w.spreadsheet.sheet(PLAN);
    await typeInto(w, addOn, PLAN, 'F3', 'Data Type');
    await typeInto(w, addOn, PLAN, 'F10', 'numbr');
    expect(sheet.noteAt('F10')).toMatch(/^Segment: Error: Unknown Property Type "numbr"/);
    await typeInto(w, addOn, PLAN, 'F3', 'Notes');
    expect(marks(w).notes[2]).toEqual((await validated(sheet.values)).notes[2]);
  });

  it('an edit in another sheet reads nothing; one in Importer Settings takes effect at the next check', async () => {
    const { w, addOn } = await world();
    w.spreadsheet.addSheet('Scratch', [['x']]);
    await typeInto(w, addOn, 'Scratch', 'A1', 'y');
    expect(w.serviceCalls).toEqual(['Range.getSheet', 'Sheet.getName']);
    expect(w.spreadsheet.cellsRead).toBe(0);

    const settings = w.spreadsheet.sheet('Importer Settings');
    await editCells(w, addOn, 'Importer Settings', 'A5', [['Property Naming', 'camelCase']]);
    expect(w.spreadsheet.cellsRead).toBe(0);
    expect(settings.values[4]).toEqual(['Property Naming', 'camelCase']);
    await typeInto(w, addOn, PLAN, 'D9', 'order_id');
    expect(w.spreadsheet.sheet(PLAN).noteAt('D9')).toBe(
      'Segment: Warning: Property "order_id" is not named camelCase (orderId), as Property Naming asks.',
    );
  });

  it('Live Validation Off leaves marking to Validate plan', async () => {
    const { w, addOn } = await world(template(), [...SETTINGS, ['Live Validation', 'Off']]);
    await typeInto(w, addOn, PLAN, 'F10', 'numbr');
    expect(w.spreadsheet.sheet(PLAN).noteAt('F10')).toBe('');
  });

  it('never throws: a failure is logged, and the next Validate plan marks the cell', async () => {
    const { w, addOn } = await world();
    // Without the copy Validate plan left in the cache, the edit reads Importer Settings.
    w.caches.document.evictAll();
    const book = w.spreadsheet;
    const byName = book.getSheetByName.bind(book);
    book.getSheetByName = (name: string) => {
      if (name === 'Importer Settings') throw new Error('Service Spreadsheets failed while accessing document with id spreadsheet-id.');
      return byName(name);
    };
    await expect(typeInto(w, addOn, PLAN, 'F10', 'numbr')).resolves.toBeDefined();
    expect(w.logs).toEqual([
      'Live validation skipped an edit (Segment > Validate plan marks every problem): Service Spreadsheets failed while accessing document with id spreadsheet-id.',
    ]);
    expect(w.spreadsheet.sheet(PLAN).noteAt('F10')).toBe('');
    book.getSheetByName = byName;
    await run(w, 'validatePlan');
    expect(w.spreadsheet.sheet(PLAN).noteAt('F10')).toMatch(/^Segment: Error: Unknown Property Type "numbr"/);
  });
});

describe('the Live Validation setting', () => {
  it('is in the template with its On/Off dropdown, and anything else is an error at its cell', async () => {
    const ExcelJS = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.resolve(__dirname, '../../template/tracking-plan.xlsx'));
    const settings = book.getWorksheet('Importer Settings');
    const row = settings?.getColumn(1).values.findIndex((v) => v === 'Live Validation') ?? -1;
    expect(row).toBeGreaterThan(1);
    const rules = (settings as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(rules[`B${row}`]?.formulae).toEqual(['"On,Off"']);

    const parsed = parseImporterSettings([['Live Validation', 'sometimes']]);
    expect(parsed.problems.map((p) => [p.cell, p.severity, p.message])).toEqual([
      // A preference for how the sheet behaves never stops a Send: a warning, and live validation stays on.
      ['B1', 'warning', 'Live Validation "sometimes" is not On or Off, so it is read as On. Choose On or Off.'],
    ]);
    expect([liveValidationOn(parsed.settings), liveValidationOn(parseImporterSettings([['Live Validation', ' off ']]).settings)]).toEqual([
      true,
      false,
    ]);
  });
});
