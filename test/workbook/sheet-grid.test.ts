// A file is read as Sheets' getDataRange().getValues() would read it (issue 17): as large as what it holds, from
// the tab the add-on reads, merged cells as Sheets gives them, and a formula the file holds no value for named.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readWorkbook } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'sheet-grid-'));
const HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'];
const PLAN = [HEADER, ['Order Completed', 'An order is placed', '', '', ''], ['', '', 'total', 'Order total', 'number']];

async function xlsx(name: string, fill: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = new ExcelJS.Workbook();
  fill(book);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
  return file;
}

function planTab(book: ExcelJS.Workbook, name = 'Tracking Plan', options: Partial<ExcelJS.AddWorksheetOptions> = {}): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name, options);
  sheet.addRows(PLAN);
  return sheet;
}

describe('a file is as large as what it holds', () => {
  it('refuses a 6.5 KB workbook whose one far cell (XFD100000) makes 1.6 billion cells, naming file, tab and cell', async () => {
    const file = await xlsx('far-cell.xlsx', (book) => {
      planTab(book).getCell('XFD100000').value = 'x';
    });
    const message =
      `${file}: the tab "Tracking Plan" holds cells as far as row 100,000 and column XFD (the farthest is XFD100000), so it would be ` +
      '100,000 rows x 16,384 columns = 1,638,400,000 cells, more than the 10,000,000 cells a Google Sheets spreadsheet holds. ' +
      'Delete the rows and columns past the plan, or copy the plan into a new workbook.';
    await expect(readWorkbook(file)).rejects.toThrow(message);
    const run = await cliAsync(['validate', file]);
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', `error: ${message}\n`]);
  });

  it('ends the grid at the last cell holding a value: an empty formatted cell at XFD20000 adds nothing', async () => {
    const file = await xlsx('formatted.xlsx', (book) => {
      const sheet = planTab(book);
      sheet.getCell('XFD20000').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
      sheet.getCell('H2').numFmt = '0.00';
    });
    expect((await readWorkbook(file)).plan).toEqual(PLAN);
    const run = await cliAsync(['validate', file]);
    expect([run.status, run.stdout]).toEqual([0, '0 errors, 0 warnings; 1 rule, 1 property (tab "Tracking Plan")\n']);
  });

  it('ends a CSV at its last row and column holding something: 200,000 blank lines and a line of 16,383 commas add nothing', async () => {
    const file = path.join(dir, 'blank-lines.csv');
    const csv = `${PLAN.map((row) => row.join(',')).join('\n')}${'\n'.repeat(200_000)}${','.repeat(16_383)}\n`;
    writeFileSync(file, csv);
    expect(csv.length).toBe(216_526);
    expect((await readWorkbook(file)).plan).toEqual(PLAN);
    const run = await cliAsync(['validate', file]);
    expect([run.status, run.stdout]).toEqual([0, '0 errors, 0 warnings; 1 rule, 1 property\n']);
  });

  it('keeps empty cells inside the grid, and pads short rows only to the widest row holding something', async () => {
    const file = path.join(dir, 'ragged.csv');
    writeFileSync(file, 'Event Name,Property Name,,,\n\nA,x\n,,,,\n,,,\n');
    expect((await readWorkbook(file)).plan).toEqual([
      ['Event Name', 'Property Name'],
      ['', ''],
      ['A', 'x'],
    ]);
  });

  it('refuses a tall CSV as soon as it passes 10 million cells, without reading the rest, naming its lowest and rightmost cells', async () => {
    const file = path.join(dir, 'tall.csv');
    // 2,000,001 lines of one cell under a 5-column header; the quote that never closes after them would be an error
    // of its own, if the file were read that far.
    writeFileSync(file, `${HEADER.join(',')}\n${'x\n'.repeat(2_000_001)}"never closed\n`);
    await expect(readWorkbook(file)).rejects.toThrow(
      `${file}: the file holds cells as far as row 2,000,001 and column E (the lowest is A2000001, the rightmost E1), so it would be at least 2,000,001 rows x 5 columns = 10,000,005 cells, more than the 10,000,000 cells a Google Sheets spreadsheet holds (the file was read no further).`,
    );
  });

  it('refuses a CSV whose content spans more than 10 million cells, naming the file', async () => {
    const file = path.join(dir, 'wide.csv');
    writeFileSync(file, `${HEADER.join(',')}\n${'\n'.repeat(700)}${','.repeat(16_383)}x\n`);
    await expect(readWorkbook(file)).rejects.toThrow(
      `${file}: the file holds cells as far as row 702 and column XFD (the farthest is XFD702), so it would be at least 702 rows x 16,384 columns = 11,501,568 cells, more than`,
    );
  });
});

describe('the tab the add-on reads, read as Sheets reads it', () => {
  it('reads a hidden Tracking Plan tab, as the add-on does, and says it is hidden', async () => {
    const file = await xlsx('hidden.xlsx', (book) => {
      planTab(book, 'Tracking Plan', { state: 'hidden' });
      planTab(book, 'Plan').addRow(['Signed Up', 'A user signs up', '', '', '']);
    });
    const run = await cliAsync(['validate', file]);
    expect([run.status, run.stdout]).toEqual([
      0,
      'Tracking Plan warning: The tab "Tracking Plan" is hidden in this workbook; it is the tab read, as the add-on reads it. Unhide it to see what is sent, or name another tab with --sheet NAME.\n' +
        '0 errors, 1 warning; 1 rule, 1 property (tab "Tracking Plan", hidden)\n',
    ]);
    // check and export read the same tab, and say so too.
    const hidden =
      'Tracking Plan warning: The tab "Tracking Plan" is hidden in this workbook; it is the tab read, as the add-on reads it. Unhide it to see what is sent, or name another tab with --sheet NAME.\n';
    const calls = path.join(dir, 'hidden-calls.ndjson');
    writeFileSync(calls, `${JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: 3 } })}\n`);
    const checked = await cliAsync(['check', file, calls]);
    expect([checked.status, checked.stderr]).toEqual([0, hidden]);
    const exported = await cliAsync(['export', file, '--typewriter', path.join(dir, 'hidden-export')]);
    expect([exported.status, exported.stderr]).toEqual([0, hidden]);
  });

  it('says when the plan comes from a tab the add-on would not read (no tab is named Tracking Plan)', async () => {
    const file = await xlsx('other-tab.xlsx', (book) => {
      book.addWorksheet('Notes').addRow(['Read me first']);
      planTab(book, 'Plan');
    });
    const run = await cliAsync(['validate', file]);
    expect([run.status, run.stdout]).toEqual([
      0,
      'Plan warning: This workbook has no tab named "Tracking Plan", so the plan was read from "Plan", the first tab with a header row. The add-on reads only a tab named Tracking Plan: rename this one before importing the workbook into Google Sheets.\n' +
        '0 errors, 1 warning; 1 rule, 1 property (tab "Plan")\n',
    ]);
  });

  it('reads a merged range as getValues() does: its value in the top-left cell, the others empty', async () => {
    const file = await xlsx('merged.xlsx', (book) => {
      const sheet = planTab(book);
      sheet.addRow(['', '', 'currency', 'Currency code', 'string']);
      sheet.mergeCells('E3:E4');
      sheet.mergeCells('A2:A4');
    });
    expect((await readWorkbook(file)).plan).toEqual([
      HEADER,
      ['Order Completed', 'An order is placed', '', '', ''],
      ['', '', 'total', 'Order total', 'number'],
      ['', '', 'currency', 'Currency code', ''],
    ]);
  });

  it('names a formula the file holds no value for, at its cell, rather than reading it as empty', async () => {
    const file = await xlsx('formula.xlsx', (book) => {
      planTab(book).getCell('E3').value = { formula: 'LOWER("NUMBER")' } as ExcelJS.CellFormulaValue;
    });
    const run = await cliAsync(['validate', file]);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      'Tracking Plan!E3 error: The cell holds a formula (=LOWER("NUMBER")) whose value the file does not store (the program that saved it did not calculate it), so what Sheets would read here is unknown. Open the file in Google Sheets or Excel and save it again, or type the value instead of the formula.',
    );
    // check stops at it too: calls checked against a rule with a type it could not read would mislead.
    const calls = path.join(dir, 'calls.ndjson');
    writeFileSync(calls, `${JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: 'x' } })}\n`);
    const checked = await cliAsync(['check', file, calls]);
    expect([checked.status, checked.stdout]).toEqual([2, '']);
    expect(checked.stderr.split('\n')[0]).toMatch(/^Tracking Plan!E3 error: The cell holds a formula \(=LOWER\("NUMBER"\)\)/);
  });
});
