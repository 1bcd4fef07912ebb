// What an edit leaves on the sheet is what Validate plan would leave there, in the cases an adversarial review of
// issue 18 found it did not: a $ref check the live path left out, a header edit that changes what every row means,
// and the sidebar after rows are deleted (Sheets runs no onEdit for that).
import { Cell, editCells, loadAddOn, typeInto } from '../../src/apps-script-fakes';
import { COLUMNS } from '../../src/plan/columns';
import { templatePlanGrid } from '../../src/template/template-content';
import { run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

const PLAN = 'Tracking Plan';
const row = (v: Partial<Record<string, Cell>>): Cell[] => COLUMNS.map((c) => v[c.key] ?? '');
const letter = (key: string) => String.fromCharCode(65 + COLUMNS.findIndex((c) => c.key === key));

/** The notes after the edits, and those a Validate plan of the edited sheet gives. */
async function liveAndValidate(values: Cell[][], edits: Array<[string, Cell[][]]>) {
  const w = spreadsheet({ [PLAN]: values, 'Importer Settings': SETTINGS });
  await run(w, 'validatePlan');
  const addOn = loadAddOn(w);
  for (const [a1, cells] of edits) await editCells(w, addOn, PLAN, a1, cells);
  const sheet = w.spreadsheet.sheet(PLAN);
  const fresh = spreadsheet({ [PLAN]: sheet.values, 'Importer Settings': SETTINGS });
  await run(fresh, 'validatePlan');
  return { live: sheet.notes, validate: fresh.spreadsheet.sheet(PLAN).notes, logs: w.logs };
}

describe('live validation agrees with Validate plan', () => {
  it('keeps the error of a $ref to nothing when its row is edited, and marks one as it is typed', async () => {
    const values = [
      COLUMNS.map((c) => c.header),
      row({ eventName: 'Order Completed', eventDescription: 'An order' }),
      row({ propertyName: 'total', propertyDescription: 'Total', propertyType: 'number', jsonSchema: '{"$ref": "#/definitions/missing"}' }),
      row({ propertyName: 'tax', propertyDescription: 'Tax', propertyType: 'number' }),
    ];
    const { live, validate, logs } = await liveAndValidate(values, [
      [`${letter('propertyDescription')}3`, [['The total']]],
      [`${letter('jsonSchema')}4`, [['{"$ref": "#/definitions/gone"}']]],
    ]);
    expect(logs).toEqual([]);
    expect(live[2]?.[COLUMNS.findIndex((c) => c.key === 'jsonSchema')]).toMatch(
      /^Segment: Error: JSON Schema: \$ref "#\/definitions\/missing"/,
    );
    expect(live[3]?.[COLUMNS.findIndex((c) => c.key === 'jsonSchema')]).toMatch(
      /^Segment: Error: JSON Schema: \$ref "#\/definitions\/gone"/,
    );
    expect(live).toEqual(validate);
  });

  it('re-marks the whole sheet when a header edit changes what the columns mean, both ways', async () => {
    const values = [
      COLUMNS.map((c) => c.header),
      row({ eventName: 'Order Completed', eventDescription: 'An order' }),
      row({ propertyName: 'a', propertyDescription: 'd', propertyType: 'strng' }),
      row({ eventName: 'Cart Viewed', eventDescription: 'A cart' }),
      row({ propertyName: 'b', propertyDescription: 'd', propertyType: 'nmber' }),
    ];
    const away = await liveAndValidate(values, [[`${letter('propertyType')}1`, [['Nonsense']]]]);
    expect(away.live).toEqual(away.validate);
    const back = await liveAndValidate(values, [
      [`${letter('propertyType')}1`, [['Nonsense']]],
      [`${letter('propertyType')}1`, [['Property Type']]],
    ]);
    expect(back.live[4]?.[COLUMNS.findIndex((c) => c.key === 'propertyType')]).toMatch(/^Segment: Error: Unknown Property Type "nmber"/);
    expect(back.live).toEqual(back.validate);
  });
});

describe('one Description column for events and properties', () => {
  it('marks an edited event row and property row as Validate plan does', async () => {
    const values: Cell[][] = [
      ['Event Name', 'Property Name', 'Description', 'Property Type'],
      ['Order Completed', '', 'An order is placed', ''],
      ['', 'total', 'Sum paid', 'number'],
      ['Cart Viewed', '', 'A cart opens', ''],
      ['', 'items', 'Items in it', 'integer'],
    ];
    const { live, validate, logs } = await liveAndValidate(values, [
      ['C4', [['']]],
      ['C3', [['Sum paid 😀']]],
      ['D5', [['intger']]],
    ]);
    expect(logs).toEqual([]);
    expect(live[1]).toEqual(['', '', '', '']);
    expect(live[2]?.[2]).toMatch(/^Segment: Error: Description contains an emoji/);
    expect(live[3]?.[2]).toMatch(/^Segment: Warning: Event "Cart Viewed" has no description/);
    expect(live[4]?.[3]).toMatch(/^Segment: Error: Unknown Property Type "intger"/);
    expect(live).toEqual(validate);
  });
});

describe('one Name column for events and properties', () => {
  it('marks an edited property row as Validate plan does, its block ending at the next event', async () => {
    const values: Cell[][] = [
      ['Object Type', 'Name', 'Description', 'Data Type'],
      ['Event', 'Song Played', 'A song starts', ''],
      ['Event Property', 'song_id', 'Catalogue id', 'string'],
      ['Event Property', 'volume', 'Volume', 'number'],
      ['Event', 'Song Paused', 'A song pauses', ''],
      ['Event Property', 'volume', 'Volume', 'number'],
    ];
    const typed = await liveAndValidate(values, [['D6', [['string']]]]);
    expect(typed.logs).toEqual([]);
    expect(typed.live[5]?.[3]).toMatch(/^Segment: Warning: "volume" is typed string here but number in Song Played \(row 4\)/);
    expect(typed.live).toEqual(typed.validate);
    const twice = await liveAndValidate(values, [['B4', [['song_id']]]]);
    expect(twice.live[3]?.[2]).toMatch(/^Segment: Error: "song_id" is already defined in row 3/);
    expect(twice.live).toEqual(twice.validate);
  });
});

describe('two columns with one meaning', () => {
  it('reads the second where the first is blank, on rows not read whole too', async () => {
    const values: Cell[][] = [
      ['Event Name', 'Property Name', 'Property Description', 'Property Type', 'Data Type'],
      ['Order Completed', '', '', '', ''],
      ['', 'amount', 'Sum', '', 'string'],
      ['Cart Viewed', '', '', '', ''],
      ['', 'amount', 'Sum', 'number', ''],
    ];
    const { live, validate, logs } = await liveAndValidate(values, [['C5', [['The sum']]]]);
    expect(logs).toEqual([]);
    expect(live[4]?.[3]).toMatch(/^Segment: Warning: "amount" is typed number here but string in Order Completed/);
    expect(live).toEqual(validate);
  });
});

describe('a property compared with the first of its name, below the header rows', () => {
  // 40 events first, so the first "amount" lies below the rows live validation reads whole for the header.
  const filler: Cell[][] = Array.from({ length: 40 }, (_, i) => row({ eventName: `Filler ${i}`, eventDescription: 'x' }));
  it.each([
    ['Required', { required: 'maybe' }],
    ['Allowed Values on an object', { propertyType: 'object', allowedValues: 'a, b' }],
    ['JSON Schema', { jsonSchema: '{bad' }],
    ['Min', { min: 'abc' }],
    ['Pattern', { pattern: '(' }],
  ])('is not one Validate drops for a bad %s cell (the warning named it as the first)', async (_what, bad) => {
    const values = [
      COLUMNS.map((c) => c.header),
      ...filler,
      row({ eventName: 'Order Completed', eventDescription: 'x' }),
      row({ propertyName: 'amount', propertyDescription: 'd', propertyType: 'string', ...bad }),
      row({ eventName: 'Cart Viewed', eventDescription: 'x' }),
      row({ propertyName: 'amount', propertyDescription: 'd', propertyType: 'integer' }),
    ];
    const { live, validate, logs } = await liveAndValidate(values, [[`${letter('propertyType')}45`, [['number']]]]);
    expect(logs).toEqual([]);
    // Validate drops the bad first row, so "amount" on row 45 is compared with nothing earlier: no warning there.
    expect(live[44]).toEqual(validate[44]);
    expect(validate[44]?.[COLUMNS.findIndex((c) => c.key === 'propertyType')]).toBe('');
  });
});

describe('the sidebar after rows are deleted', () => {
  it('reads the sheet again, though Sheets ran no onEdit: its links would point one row off', async () => {
    const w = spreadsheet({ [PLAN]: templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    await typeInto(w, loadAddOn(w), PLAN, `${letter('propertyType')}10`, 'numbr');
    const before = loadAddOn(w).sidebarState('') as { revision: string; problems: { cell: string }[] };
    expect(before.problems.map((p) => p.cell)).toContain(`${letter('propertyType')}10`);
    w.spreadsheet.sheet(PLAN).deleteRows(5, 1);
    const after = loadAddOn(w).sidebarState(before.revision) as { unchanged?: boolean; problems: { cell: string }[] };
    expect(after.unchanged).not.toBe(true);
    expect(after.problems.map((p) => p.cell)).toContain(`${letter('propertyType')}9`);
    expect(after.problems.map((p) => p.cell)).not.toContain(`${letter('propertyType')}10`);
  });
});

describe('a tab named like the plan', () => {
  it('is not checked when a tab named exactly Tracking Plan exists, as Validate reads only that one', async () => {
    const values = [COLUMNS.map((c) => c.header), row({ eventName: 'Order Completed', eventDescription: 'An order' })];
    const w = spreadsheet({ [PLAN]: values, ' tracking plan': values, 'Importer Settings': SETTINGS });
    await typeInto(w, loadAddOn(w), ' tracking plan', `${letter('propertyType')}3`, 'strng');
    expect(
      w.spreadsheet
        .sheet(' tracking plan')
        .notes.flat()
        .filter((n) => n !== ''),
    ).toEqual([]);
  });
});

describe('Importer Settings written by the add-on itself', () => {
  it('a plan id chosen in Choose a plan… takes effect at the next edit (the kept copy of the settings is not used)', async () => {
    const values = [
      COLUMNS.map((c) => c.header),
      row({ eventType: 'page', eventName: 'Home', eventDescription: 'The home page' }),
      row({ propertyName: 'path', propertyDescription: 'Path', propertyType: 'string' }),
    ];
    const w = spreadsheet({ [PLAN]: values, 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    // The Config API (an rs_ id) has no page rules: an error at the Event Type cell.
    expect(w.spreadsheet.sheet(PLAN).noteAt('A2')).toMatch(/^Segment: Error: /);
    const addOn = loadAddOn(w);
    expect(addOn.choosePlan('tp_web')).toMatch(/^Tracking Plan ID is now tp_web/);
    await typeInto(w, addOn, PLAN, `${letter('eventDescription')}2`, 'The home page, any locale');
    expect(w.spreadsheet.sheet(PLAN).noteAt('A2')).toBe('');
  });
});
