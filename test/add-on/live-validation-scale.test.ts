// Validation on edit against Validate plan on random edits, and its cost on the 62,000-row plan, counted (calls and
// cells read), never timed.
import { Cell, changeStructure, editCells, loadAddOn } from '../../src/apps-script-fakes';
import { COLUMNS } from '../../src/plan/columns';
import { bigPlanWorld, pastedRows, sheetsCalls, sheetsDataCalls } from '../bench/edit-bench';
import { run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

const PLAN = 'Tracking Plan';
const col = (key: string) => COLUMNS.findIndex((c) => c.key === key);
const letter = (key: string) => String.fromCharCode(65 + col(key));

/** A small deterministic generator (mulberry32), so a failure replays (SEED=n tries other plans). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['user_id', 'userId', 'User ID', 'total', 'Total', 'price', 'items', 'items.$.sku', 'coupon'];
const TYPES = ['string', 'number', 'integer', 'strng', '', 'string, null', 'object', 'array'];
// "Page Viewed" and "Track Events" begin with a call type: an event, or (alone on its row) a section heading.
const EVENTS = ['Order Completed', 'order completed', 'Cart Viewed', 'Cart_Viewed', 'Product Added', 'Page Viewed', 'Track Events', ''];

function row(values: Partial<Record<string, Cell>>): Cell[] {
  return COLUMNS.map((c) => values[c.key] ?? '');
}

function plan(next: () => number): Cell[][] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const rows: Cell[][] = [COLUMNS.map((c) => c.header)];
  for (let e = 0; e < 12; e++) {
    // Section headings: a title alone, or an Event Type alone, heads the rows below it.
    if (next() < 0.1) rows.push(row(pick([{ eventName: 'Identify (traits)' }, { eventType: 'identify' }, { eventName: 'Track Events' }])));
    const identify = next() < 0.15;
    const eventName = identify ? '' : pick(EVENTS) || `Event ${e} Done`;
    const eventType = identify ? 'identify' : '';
    rows.push(row({ eventType, eventName, eventDescription: next() < 0.8 ? 'fires' : '', version: next() < 0.2 ? 2 : '' }));
    for (let p = 0; p < 4; p++) rows.push(row({ propertyName: pick(NAMES), propertyDescription: 'd', propertyType: pick(TYPES) }));
  }
  return rows;
}

describe('onEdit against Validate plan', () => {
  it('after each of 40 random edits and pastes, the edited rows and their blocks carry exactly the marks Validate plan gives them', async () => {
    const next = random(Number(process.env.SEED ?? 18));
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const w = spreadsheet({ [PLAN]: plan(next), 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    const addOn = loadAddOn(w);
    const sheet = w.spreadsheet.sheet(PLAN);
    for (let i = 0; i < 40; i++) {
      const at = 2 + Math.floor(next() * (sheet.getLastRow() + 1));
      // Rows inserted or deleted between edits: Sheets runs the onChange trigger Validate plan installed, no onEdit.
      if (next() < 0.15) {
        const where = 2 + Math.floor(next() * sheet.getLastRow());
        if (next() < 0.5) await changeStructure(w, addOn, 'INSERT_ROW', () => sheet.insertRowsBefore(where, 1 + Math.floor(next() * 3)));
        else await changeStructure(w, addOn, 'REMOVE_ROW', () => sheet.deleteRows(where, Math.min(2, sheet.getMaxRows() - where)));
      }
      const kind = pick(['type', 'name', 'event', 'eventType', 'version', 'paste'] as const);
      let rows = 1;
      if (kind === 'type') await editCells(w, addOn, PLAN, `${letter('propertyType')}${at}`, [[pick(TYPES)]]);
      else if (kind === 'name') await editCells(w, addOn, PLAN, `${letter('propertyName')}${at}`, [[pick(NAMES)]]);
      else if (kind === 'event') await editCells(w, addOn, PLAN, `${letter('eventName')}${at}`, [[pick(EVENTS)]]);
      else if (kind === 'eventType') await editCells(w, addOn, PLAN, `A${at}`, [[pick(['', 'identify', 'page', 'track'])]]);
      else if (kind === 'version') await editCells(w, addOn, PLAN, `${letter('version')}${at}`, [[pick([1, 2, 3, ''])]]);
      else {
        const pasted = plan(next).slice(1, 4 + Math.floor(next() * 8));
        rows = pasted.length;
        await editCells(w, addOn, PLAN, `A${at}`, pasted);
      }
      const fresh = spreadsheet({ [PLAN]: sheet.values, 'Importer Settings': SETTINGS });
      await run(fresh, 'validatePlan');
      // The edited rows and the rest of their events' blocks (up to the next row naming an event).
      const values = sheet.values;
      const names = (r: number) =>
        values[r - 1] !== undefined && (values[r - 1][col('eventName')] !== '' || values[r - 1][col('eventType')] !== '');
      let end = at + rows;
      while (end <= values.length && !names(end)) end++;
      const edited = (grid: (string | null)[][]) => grid.slice(at - 1, end - 1);
      const expected = fresh.spreadsheet.sheet(PLAN);
      expect({ step: i, kind, at, notes: edited(sheet.notes), fills: edited(sheet.backgrounds) }).toEqual({
        step: i,
        kind,
        at,
        notes: edited(expected.notes),
        fills: edited(expected.backgrounds),
      });
    }
  });
});

describe('the cost of an edit on the 62,000-row plan, once Validate plan kept its index', () => {
  it('a one-cell edit makes 14 Sheets calls and reads its event’s block and the two rows it is compared with; a row insert makes the next edit read the sheet', async () => {
    const { world, addOn } = bigPlanWorld();
    await addOn.validatePlan();
    expect(world.trigger.installed.map((t) => [t.handler, t.eventType])).toEqual([['onPlanChange', 'ON_CHANGE']]);
    const sheet = world.spreadsheet.sheet(PLAN);
    const width = sheet.getLastColumn();
    const original = sheet.values[31_000 - 1][5];
    await editCells(world, addOn, PLAN, 'F31000', [['strng']]);
    expect(sheet.noteAt('F31000')).toMatch(/^Segment: Error: Unknown Property Type "strng"/);
    expect(sheetsCalls(world)).toEqual([
      'Range.getSheet',
      'Sheet.getName',
      'Range.getA1Notation',
      // The block, rows 30,971-31,001: values, then fills and notes through the same range.
      'Sheet.getRange',
      'Range.getValues',
      // Rows 31-32, the first rows of two of the block's property names (what each is compared with).
      'Sheet.getRange',
      'Range.getValues',
      'Range.getBackgrounds',
      'Range.getNotes',
      'Range.setNotes',
      'Sheet.getRangeList',
      'RangeList.setBackground',
      'Sheet.getRangeList',
      'RangeList.setBackground',
    ]);
    expect(world.spreadsheet.cellsRead).toBe(3 * 31 * width + 2 * width);
    expect(world.serviceCalls.filter((c) => /UrlFetchApp|Ui\.|Cache\.put/.test(c))).toEqual(['Cache.putAll', 'Cache.put']);
    // The analyst inserts a row above: Sheets runs the onChange trigger, and the next edit reads every row again.
    await changeStructure(world, addOn, 'INSERT_ROW', () => sheet.insertRowsBefore(100, 1));
    await editCells(world, addOn, PLAN, 'F31001', [[original]]);
    expect([original, sheet.noteAt('F31001')]).toEqual(['object', '']);
    const rows = sheet.getLastRow();
    const settingsSheet = world.spreadsheet.sheet('Importer Settings');
    const settings = settingsSheet.getLastRow() * settingsSheet.getLastColumn();
    expect(world.spreadsheet.cellsRead).toBe(30 * width + 5 * (rows - 30) + 3 * 31 * width + settings + 2 * width);
    // …and keeps what it read: the edit after that reads only its block again.
    await editCells(world, addOn, PLAN, 'F40001', [['numbr']]);
    expect(sheet.noteAt('F40001')).toMatch(/^Segment: Error: Unknown Property Type "numbr"/);
    expect(sheetsCalls(world).length).toBeLessThanOrEqual(15);
    expect(world.spreadsheet.cellsRead).toBeLessThan(4 * 31 * width);
  });
});

describe('the cost of an edit on the 62,000-row plan before any Validate plan (no onChange trigger: nothing is kept)', () => {
  it('a one-cell edit reads the header rows, five cells a row and its event’s block, with at most 15 calls reading or writing', async () => {
    const { world, addOn } = bigPlanWorld();
    const sheet = world.spreadsheet.sheet(PLAN);
    const rows = sheet.getLastRow();
    const width = sheet.getLastColumn();
    await editCells(world, addOn, PLAN, 'F31000', [['strng']]);
    expect(sheet.noteAt('F31000')).toMatch(/^Segment: Error: Unknown Property Type "strng"/);
    // Row 31,000 is in the block of rows 30,971-31,001 (an event row and its 30 properties), read once for its
    // values and once each for its notes and fills.
    const block = 31 * width;
    const settingsSheet = world.spreadsheet.sheet('Importer Settings');
    const settings = settingsSheet.getLastRow() * settingsSheet.getLastColumn();
    // And rows 31 and 32 whole: the first rows of two of the block's property names (what each is compared with)
    // lie below the header rows.
    expect(world.spreadsheet.cellsRead).toBe(30 * width + 5 * (rows - 30) + block + 2 * block + settings + 2 * width);
    expect(sheetsDataCalls(world).length).toBeLessThanOrEqual(15);
    expect(world.serviceCalls.filter((c) => /UrlFetchApp|Ui\./.test(c))).toEqual([]);
  });

  it('costs the same when events are named after call types ("Page Viewed …"): only headings are read whole', async () => {
    const { world, addOn } = bigPlanWorld();
    const sheet = world.spreadsheet.sheet(PLAN);
    const named = sheet.values.map((row, r) =>
      r > 0 && row[col('eventName')] !== '' && r % 310 === 1 ? row.map((v, c) => (c === col('eventName') ? `Page Viewed ${r}` : v)) : row,
    );
    sheet.typeValues(named as Cell[][]);
    const rows = sheet.getLastRow();
    const width = sheet.getLastColumn();
    await editCells(world, addOn, PLAN, 'F31000', [['strng']]);
    const block = 31 * width;
    const settingsSheet = world.spreadsheet.sheet('Importer Settings');
    const settings = settingsSheet.getLastRow() * settingsSheet.getLastColumn();
    // And rows 31 and 32 whole: the first rows of two of the block's property names (what each is compared with)
    // lie below the header rows.
    expect(world.spreadsheet.cellsRead).toBe(30 * width + 5 * (rows - 30) + block + 2 * block + settings + 2 * width);
    expect(sheetsDataCalls(world).length).toBeLessThanOrEqual(15);
  });

  it('a 500-row paste reads its blocks whole, with at most 15 calls reading or writing', async () => {
    const { world, addOn, grid } = bigPlanWorld();
    const sheet = world.spreadsheet.sheet(PLAN);
    const pasted = pastedRows(grid, 40_000);
    await editCells(world, addOn, PLAN, 'A40001', pasted);
    expect(sheetsDataCalls(world).length).toBeLessThanOrEqual(15);
    const misspelt = pasted.flatMap((row, i) => (row[col('propertyType')] === 'strng' ? [`F${40_001 + i}`] : []));
    expect(misspelt.length).toBeGreaterThan(50);
    expect(misspelt.filter((a1) => !sheet.noteAt(a1).startsWith('Segment: Error: Unknown Property Type "strng"'))).toEqual([]);
    // The pasted rows start inside one event's block and end inside another's: those blocks are read whole.
    const rows = sheet.getLastRow();
    const width = sheet.getLastColumn();
    const [from, to] = [40_001 - ((40_001 - 2) % 31), 40_500 + 30 - ((40_500 - 2) % 31)];
    // And rows 31 and 32 whole: the first rows of two of the pasted property names (what each is compared with).
    expect(world.spreadsheet.cellsRead).toBe(30 * width + 5 * (rows - 30) + 3 * (to - from + 1) * width + 2 + 2 * width);
  });
});
