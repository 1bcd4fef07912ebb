import { promises as fs } from 'fs';
import * as path from 'path';
import type ExcelJS from 'exceljs';
import type { CellValue } from '../plan/cell-values';
import { COLUMNS, SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../plan/columns';
import { SETTINGS } from '../plan/settings';
import { cellText } from '../plan/cell-values';
import { headerRowIndex } from '../plan/header';
import { CsvCellPlaces, CsvError, decodeCsv, detectDelimiter, escapeFormula, parseCsv, toCsv, unescapeFormula } from './csv';

export type Grid = CellValue[][];

export interface Workbook {
  /** The Tracking Plan sheet, as `Range.getValues()` would return it. */
  plan: Grid;
  planSheet: string;
  /** Importer Settings, when the file has that sheet (an .xlsx). */
  settings: Grid | null;
  /** Where each cell of a CSV starts in the file, when asked for (`cellPlaces`); null for an .xlsx. */
  csvCells: CsvCellPlaces | null;
}

export class UnreadableFileError extends Error {}

/**
 * exceljs is loaded only when an .xlsx is read or written: loading it takes about half a second, more than the
 * CLI spends reading and building a 100,000-row CSV.
 */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** Reads a `.csv` (the Tracking Plan tab alone) or an `.xlsx` (the workbook Google Sheets downloads). */
export async function readWorkbook(file: string, options: { sheet?: string; cellPlaces?: boolean } = {}): Promise<Workbook> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    throw new UnreadableFileError(`${file}: expected a .csv or .xlsx file`);
  }
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (e) {
    throw new UnreadableFileError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (ext === '.csv') {
    let rows: string[][];
    const csvCells = options.cellPlaces ? new CsvCellPlaces() : null;
    try {
      const text = decodeCsv(data);
      rows = parseCsv(text, detectDelimiter(text), csvCells ?? undefined).map((row) => row.map(unescapeFormula));
    } catch (e) {
      if (e instanceof CsvError) throw new UnreadableFileError(`${file}: ${e.message}`);
      throw e;
    }
    return { plan: rectangular(rows), planSheet: TRACKING_PLAN_SHEET, settings: null, csvCells };
  }
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new UnreadableFileError(`${file}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const { sheet, values } = planTab(workbook, file, options.sheet);
  const settingsSheet = findSheet(workbook, SETTINGS_SHEET);
  return { plan: values, planSheet: sheet.name, settings: settingsSheet ? sheetValues(settingsSheet) : null, csvCells: null };
}

/**
 * The tab that holds the plan: the one named with --sheet, else Tracking Plan, else the first whose first rows
 * hold a header ("Event Name"). Without one, the error lists the tabs, so the analyst can name the right one.
 */
function planTab(workbook: ExcelJS.Workbook, file: string, wanted?: string): { sheet: ExcelJS.Worksheet; values: Grid } {
  const names = workbook.worksheets.map((w) => `"${w.name}"`).join(', ');
  if (wanted !== undefined) {
    const sheet = findSheet(workbook, wanted);
    if (!sheet) throw new UnreadableFileError(`${file}: no tab named "${wanted}" (the tabs are ${names || 'none'})`);
    return { sheet, values: sheetValues(sheet) };
  }
  const named = findSheet(workbook, TRACKING_PLAN_SHEET);
  if (named) return { sheet: named, values: sheetValues(named) };
  for (const sheet of workbook.worksheets) {
    const values = sheetValues(sheet);
    if (headerRowIndex(values) !== null) return { sheet, values };
  }
  throw new UnreadableFileError(
    `${file}: no tab has a header row (a cell reading "Event Name" in its first 30 rows). The tabs are ${names || 'none'}; name the plan's with --sheet NAME.`,
  );
}

function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return workbook.worksheets.find((w) => w.name.trim().toLowerCase() === name.toLowerCase());
}

/** The sheet's values the way getValues() gives them: a rectangle, '' for empty cells. */
function sheetValues(sheet: ExcelJS.Worksheet): Grid {
  const grid: Grid = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
      values[colNumber - 1] = excelValue(cell.value);
    });
    grid[rowNumber - 1] = values;
  });
  return rectangular(grid);
}

function excelValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('error' in value) return String(value.error);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result && typeof result === 'object' && 'error' in result) return String(result.error);
      return excelValue(result ?? '');
    }
    if ('text' in value) return String(value.text);
  }
  return String(value);
}

function rectangular<T extends CellValue>(rows: T[][]): Grid {
  let width = 0;
  for (const row of rows) if (row) width = Math.max(width, row.length);
  const out: Grid = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const padded = new Array<CellValue>(width);
    for (let c = 0; c < width; c++) padded[c] = row[c] === undefined ? '' : row[c];
    out.push(padded);
  }
  return out;
}

export type WritableCell = string | number | boolean;

export interface WorkbookContent {
  /** Tracking Plan rows; the header row is the one after the banner rows. */
  plan: WritableCell[][];
  bannerRows?: number;
  settings: WritableCell[][];
}

/** An .xlsx laid out as the add-on's "Set up sheets" lays out a spreadsheet: header notes, dropdowns, frozen header. */
export async function workbookXlsx(content: WorkbookContent): Promise<Buffer> {
  const banner = content.bannerRows ?? 0;
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'segment-sheets-tracking-plan';
  // A fixed date keeps the file the same from one generation to the next.
  workbook.created = workbook.modified = new Date('2026-01-01T00:00:00Z');

  const plan = workbook.addWorksheet(TRACKING_PLAN_SHEET, { views: [{ state: 'frozen', ySplit: banner + 1 }] });
  // Values are written as typed: a string that starts with = stays text, never a formula.
  content.plan.forEach((row) => plan.addRow(row));
  const headerRow = plan.getRow(banner + 1);
  headerRow.font = { bold: true };
  if (banner > 0) plan.getRow(1).font = { bold: true, size: 14 };
  COLUMNS.forEach((column, i) => {
    plan.getColumn(i + 1).width = Math.round(column.width / 7);
    headerRow.getCell(i + 1).note = column.help;
    if (column.dropdown) {
      // An Excel list is comma-separated, so choices that hold a comma ("string, null") stay typed by hand.
      const choices = column.dropdown.filter((choice) => !choice.includes(','));
      const letter = plan.getColumn(i + 1).letter;
      const validations = (plan as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } })
        .dataValidations;
      validations.add(`${letter}${banner + 2}:${letter}2000`, {
        type: 'list',
        allowBlank: true,
        showErrorMessage: false,
        formulae: [`"${choices.join(',')}"`],
      });
    }
  });
  plan.getColumn(COLUMNS.findIndex((c) => c.key === 'allowedValues') + 1).alignment = { wrapText: true, vertical: 'top' };

  const settings = workbook.addWorksheet(SETTINGS_SHEET);
  content.settings.forEach((row) => settings.addRow(row));
  // The settings that take one of a few values get them as a dropdown.
  content.settings.forEach((row, i) => {
    const choices = SETTINGS.find((s) => s.label === row[0])?.choices;
    if (!choices) return;
    (settings as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(
      `B${i + 1}`,
      {
        type: 'list',
        allowBlank: true,
        showErrorMessage: false,
        formulae: [`"${choices.join(',')}"`],
      },
    );
  });
  settings.getRow(1).font = { bold: true };
  settings.getColumn(1).width = 24;
  settings.getColumn(2).width = 48;
  settings.getColumn(3).width = 90;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The Tracking Plan rows as CSV (the form `validate`, `build` and `push` read back), safe to open in a spreadsheet. */
export function rowsCsv(rows: readonly (readonly WritableCell[])[]): string {
  return toCsv(rows.map((row) => row.map((v) => escapeFormula(cellText(v)))));
}
