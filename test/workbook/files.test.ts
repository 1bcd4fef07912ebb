// Files as analysts' tools save them: CSVs in other encodings and delimiters, with a broken quote, and
// workbooks whose plan is not on the first tab.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readWorkbook } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'files-'));
const write = (name: string, bytes: Buffer | string) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const PLAN = 'Event Name,Event Description,Property Name,Property Type\nOrder Completed,Commande passée,total,number\n';
const EXPECTED = [
  ['Event Name', 'Event Description', 'Property Name', 'Property Type'],
  ['Order Completed', 'Commande passée', 'total', 'number'],
];

describe('CSV files', () => {
  it('reads UTF-8 with and without a BOM, and UTF-16 with a BOM or without', async () => {
    const utf16 = Buffer.from(PLAN, 'utf16le');
    for (const [name, bytes] of [
      ['utf8.csv', Buffer.from(PLAN, 'utf8')],
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PLAN, 'utf8')])],
      ['utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16])],
      ['utf16-no-bom.csv', utf16],
      ['utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16).swap16()])],
    ] as const) {
      expect((await readWorkbook(write(name, bytes))).plan).toEqual(EXPECTED);
    }
  });

  it('detects semicolons and tabs from the header row', async () => {
    expect((await readWorkbook(write('semi.csv', PLAN.replace(/,/g, ';')))).plan).toEqual(EXPECTED);
    expect((await readWorkbook(write('tab.csv', PLAN.replace(/,/g, '\t')))).plan).toEqual(EXPECTED);
    // A comma inside a value does not make it a comma file.
    const semicolons = 'Event Name;Event Description;Property Name\nA;"Fires when x, y happen";\n';
    expect((await readWorkbook(write('semi2.csv', semicolons))).plan[1]).toEqual(['A', 'Fires when x, y happen', '']);
  });

  it('takes the delimiter under which a header row is found, not the one a title line above it uses', async () => {
    const titled = write('titled.csv', `Event names; properties; types\n${PLAN}`);
    expect((await readWorkbook(titled)).plan).toEqual([['Event names; properties; types', '', '', ''], ...EXPECTED]);
    const semicolons = write('titled-semi.csv', `Event name, description and properties\n${PLAN.replace(/,/g, ';')}`);
    expect((await readWorkbook(semicolons)).plan).toEqual([['Event name, description and properties', '', '', ''], ...EXPECTED]);
  });

  it('refuses a Windows-1252 file, naming the row, rather than upload mangled letters', async () => {
    const latin1 = Buffer.from(PLAN, 'latin1');
    await expect(readWorkbook(write('win.csv', latin1))).rejects.toThrow(
      'win.csv: it is not UTF-8 text (row 2 has a character in another encoding, such as Excel\'s Windows default). Save it again as "CSV UTF-8 (Comma delimited)".',
    );
  });

  it('refuses a quote that never closes, naming the row where it opened (exit 2 from validate)', async () => {
    const broken = write('quote.csv', 'Event Name,Event Description,Property Name\nA,"Fires when,\nB,Fires too,\nC,And this,\n');
    const run = await cliAsync(['validate', broken]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `error: ${broken}: the quoted cell that opens on row 2 never closes, so everything after it would be read as one cell. Close the quote (a quote inside a quoted cell is written "").\n`,
    );
  });

  it('names the same row in a file with Windows line ends (CR LF)', async () => {
    const broken = write('quote-crlf.csv', 'Event Name,Event Description\r\nA,Fine\r\nB,"Fires when,\r\nC,And this,\r\n');
    await expect(readWorkbook(broken)).rejects.toThrow('the quoted cell that opens on row 3 never closes');
  });
});

describe('xlsx workbooks', () => {
  async function workbook(tabs: Record<string, string[][]>): Promise<string> {
    const book = new ExcelJS.Workbook();
    for (const [name, rows] of Object.entries(tabs)) book.addWorksheet(name).addRows(rows);
    return write(`${Object.keys(tabs).join('-')}.xlsx`, Buffer.from(await book.xlsx.writeBuffer()));
  }

  it('finds the plan on the tab that has the header, or on the tab --sheet names', async () => {
    const file = await workbook({ Notes: [['Read me first']], Plan: EXPECTED, Old: [['Event Name'], ['Legacy']] });
    const found = await readWorkbook(file);
    expect([found.planSheet, found.plan]).toEqual(['Plan', EXPECTED]);
    expect((await readWorkbook(file, { sheet: 'old' })).plan).toEqual([['Event Name'], ['Legacy']]);
    await expect(readWorkbook(file, { sheet: 'Nope' })).rejects.toThrow('no tab named "Nope" (the tabs are "Notes", "Plan", "Old")');
  });

  it('says which tabs there are when none has a header row', async () => {
    const file = await workbook({ Notes: [['Read me first']], Data: [['a', 'b']] });
    await expect(readWorkbook(file)).rejects.toThrow(
      'no tab has a header row (a cell reading "Event Name" in its first 30 rows). The tabs are "Notes", "Data"; name the plan\'s with --sheet NAME.',
    );
  });
});
