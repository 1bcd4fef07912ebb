import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { CellValue } from '../plan/cell-values';
import { SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../plan/columns';
import { parseCsv } from './csv';

export type Grid = CellValue[][];

export interface Workbook {
  /** The Tracking Plan sheet, as `Range.getValues()` would return it. */
  plan: Grid;
  planSheet: string;
  /** Importer Settings, when the file has that sheet (an .xlsx). */
  settings: Grid | null;
}

export class UnreadableFileError extends Error {}

/** Reads a `.csv` (the Tracking Plan tab alone) or an `.xlsx` (the workbook Google Sheets downloads). */
export async function readWorkbook(file: string): Promise<Workbook> {
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
    return { plan: rectangular(parseCsv(data.toString('utf8'))), planSheet: TRACKING_PLAN_SHEET, settings: null };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new UnreadableFileError(`${file}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const planSheet = findSheet(workbook, TRACKING_PLAN_SHEET) ?? workbook.worksheets[0];
  if (!planSheet) throw new UnreadableFileError(`${file}: the workbook has no sheets`);
  const settingsSheet = findSheet(workbook, SETTINGS_SHEET);
  return { plan: sheetValues(planSheet), planSheet: planSheet.name, settings: settingsSheet ? sheetValues(settingsSheet) : null };
}

function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return workbook.worksheets.find((w) => w.name.trim().toLowerCase() === name.toLowerCase());
}

/** The sheet's values the way getValues() gives them: a rectangle, '' for empty cells. */
export function sheetValues(sheet: ExcelJS.Worksheet): Grid {
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
      return excelValue((result ?? '') as ExcelJS.CellValue);
    }
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
  }
  return String(value);
}

function rectangular<T extends CellValue>(rows: T[][]): Grid {
  let width = 0;
  for (const row of rows) if (row) width = Math.max(width, row.length);
  const out: Grid = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const padded: CellValue[] = new Array(width);
    for (let c = 0; c < width; c++) padded[c] = row[c] === undefined ? '' : row[c];
    out.push(padded);
  }
  return out;
}
