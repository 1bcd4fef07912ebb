/**
 * A tab's cells as Sheets' `getDataRange().getValues()` gives them: a rectangle that ends at the last row and the
 * last column holding a value. A file records empty formatted cells and blank lines too: one formatted cell at
 * XFD20000, padded to, made 327 million cells of a 6.5 KB file; they are not part of the grid.
 */
import type ExcelJS from 'exceljs';
import type { CellValue } from '../plan/cell-values';
import { cellProblem, columnLetter, excerpt, Problem } from '../plan/problems';

export type Grid = CellValue[][];

/** Sheets holds at most this many cells in a spreadsheet: a file whose content spans more could not be imported. */
const MAX_CELLS = 10_000_000;

export class UnreadableFileError extends Error {}

/** What a cell holds, for the grid's extent: Sheets' data range also ends at the last cell holding something. */
function holds(value: CellValue): boolean {
  return value !== '' && value !== null && value !== undefined;
}

/**
 * The used rectangle, grown row by row. It only grows, so a reader can stop as soon as it passes Sheets' cells
 * (`add` with `reading`), without reading, or holding, the rest of a file that would be refused anyway.
 */
export class GridExtent {
  height = 0;
  width = 0;
  private lowest = { row: 0, column: 0 };
  private rightmost = { row: 0, column: 0 };

  constructor(
    private readonly file: string,
    private readonly where: string,
  ) {}

  /** Row `r` (0-based) holds `row`; while `reading`, too many cells is refused at once. */
  add(r: number, row: readonly CellValue[] | undefined, reading = false): void {
    if (!row) return;
    let last = row.length - 1;
    while (last >= 0 && !holds(row[last])) last--;
    if (last < 0) return;
    this.height = r + 1;
    this.lowest = { row: r, column: last };
    if (last + 1 > this.width) {
      this.width = last + 1;
      this.rightmost = { row: r, column: last };
    }
    if (reading && this.height * this.width > MAX_CELLS) throw this.tooLarge(true);
  }

  tooLarge(partly: boolean): UnreadableFileError {
    const n = (count: number) => count.toLocaleString('en-US');
    const cell = ({ row, column }: { row: number; column: number }) => `${columnLetter(column)}${row + 1}`;
    const [lowest, rightmost] = [cell(this.lowest), cell(this.rightmost)];
    const which = lowest === rightmost ? `the farthest is ${lowest}` : `the lowest is ${lowest}, the rightmost ${rightmost}`;
    const extent = `${this.file}: ${this.where} holds cells as far as row ${n(this.height)} and column ${columnLetter(this.width - 1)}`;
    const size = `${n(this.height)} rows x ${n(this.width)} columns = ${n(this.height * this.width)} cells`;
    return new UnreadableFileError(
      `${extent} (${which}), so it would be ${partly ? 'at least ' : ''}${size}, more than the ${n(MAX_CELLS)} cells a Google Sheets spreadsheet holds` +
        `${partly ? ' (the file was read no further)' : ''}. Delete the rows and columns past the plan, or copy the plan into a new workbook.`,
    );
  }
}

/**
 * The rows (sparse: a missing row or cell is empty) cut to the used rectangle and padded within it. `where` names
 * the tab in the error a file too large for Sheets gets (`the tab "Tracking Plan"`, or `the file` for a CSV).
 */
export function usedGrid<T extends CellValue>(
  rows: readonly (readonly T[] | undefined)[],
  file: string,
  where: string,
  measured?: GridExtent,
): (T | '')[][] {
  // `measured`: the extent the reader already grew row by row (a CSV's), so the rows are not scanned again.
  const extent = measured ?? new GridExtent(file, where);
  if (!measured) rows.forEach((row, r) => extent.add(r, row));
  const { height, width } = extent;
  if (height * width > MAX_CELLS) throw extent.tooLarge(false);
  const grid: (T | '')[][] = [];
  for (let r = 0; r < height; r++) {
    const row = rows[r] ?? [];
    const padded = new Array<T | ''>(width);
    for (let c = 0; c < width; c++) padded[c] = row[c] ?? '';
    grid.push(padded);
  }
  return grid;
}

/**
 * A worksheet's values as Sheets reads them, and the cells it cannot read as Sheets would. Only cells exceljs
 * holds a value for are visited (never `includeEmpty`, which walks every formatted cell's row to its end). A merged
 * range has its value in its top-left cell only, as in getValues(); exceljs repeats it in every cell of the range.
 */
export function tabValues(sheet: ExcelJS.Worksheet, file: string): { values: Grid; problems: Problem[] } {
  const rows: CellValue[][] = [];
  const problems: Problem[] = [];
  sheet.eachRow((row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell((cell, colNumber) => {
      if (cell.master !== cell) return;
      const formula = unsavedFormula(cell.value);
      if (formula !== null) problems.push(cellProblem(sheet.name, rowNumber - 1, colNumber - 1, 'error', unsavedMessage(formula)));
      values[colNumber - 1] = excelValue(cell.value);
    });
    rows[rowNumber - 1] = values;
  });
  return { values: usedGrid(rows, file, `the tab "${sheet.name}"`), problems };
}

/** The formula of a cell whose file stores no value for it (written by a program that does not calculate). */
function unsavedFormula(value: ExcelJS.CellValue): string | null {
  if (value === null || typeof value !== 'object' || !('formula' in value || 'sharedFormula' in value)) return null;
  if (value.result !== undefined) return null;
  return ('formula' in value ? value.formula : value.sharedFormula) ?? '';
}

function unsavedMessage(formula: string): string {
  return (
    `The cell holds a formula (=${excerpt(formula)}) whose value the file does not store (the program that saved it did not calculate it), ` +
    'so what Sheets would read here is unknown. Open the file in Google Sheets or Excel and save it again, or type the value instead of the formula.'
  );
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
