/** Range and RangeList: reads and writes inside the grid, of the right shape, within Sheets' cell limit. */
import { Cell, checkCellText, checkShape, columnLetters, DataValidationRule, OUTSIDE_GRID, storedLikeSheets } from './cells';
import type { Grid } from './grid';
import { AppsScriptException, Mirror } from './mirror';

/**
 * What a range needs of its sheet: the grids it reads and writes, the sheet's size, and the spreadsheet's
 * selection. An interface here, so the sheet (which makes ranges) and the range do not import each other.
 */
export interface RangeSheet {
  readonly cells: Grid<Cell>;
  readonly fills: Grid<string | null>;
  readonly noteGrid: Grid<string>;
  readonly validations: Array<{ range: string; values: string[]; allowInvalid: boolean }>;
  readonly bold: string[];
  readonly book: { active: RangeSheet | null; selection: string; cellsRead: number };
  getName(): string;
  getMaxRows(): number;
  getMaxColumns(): number;
}

type RealRange = GoogleAppsScript.Spreadsheet.Range;
type RealRangeList = GoogleAppsScript.Spreadsheet.RangeList;

type RangeMethods =
  | 'getA1Notation'
  | 'getRow'
  | 'getColumn'
  | 'getNumRows'
  | 'getNumColumns'
  | 'getValues'
  | 'getDisplayValues'
  | 'getValue'
  | 'setValues'
  | 'setValue'
  | 'clearContent'
  | 'getBackgrounds'
  | 'setBackgrounds'
  | 'setBackground'
  | 'getNotes'
  | 'setNotes'
  | 'setNote'
  | 'setFontWeight'
  | 'setDataValidation'
  | 'activate'
  | 'getSheet';

export class FakeRange implements Mirror<RealRange, RangeMethods> {
  constructor(
    readonly sheet: RangeSheet,
    readonly row: number,
    readonly column: number,
    readonly rows: number,
    readonly columns: number,
  ) {
    if (rows < 1) throw new AppsScriptException('The number of rows in the range must be at least 1.');
    if (columns < 1) throw new AppsScriptException('The number of columns in the range must be at least 1.');
    if (row < 1 || column < 1 || row + rows - 1 > sheet.getMaxRows() || column + columns - 1 > sheet.getMaxColumns()) {
      throw new AppsScriptException(OUTSIDE_GRID);
    }
  }

  private read<T>(grid: Grid<T>): T[][] {
    this.sheet.book.cellsRead += this.rows * this.columns;
    return grid.read(this.row - 1, this.column - 1, this.rows, this.columns);
  }

  private write<T>(grid: Grid<T>, values: readonly T[][]): void {
    checkShape(values, this.rows, this.columns);
    values.forEach((r, i) => r.forEach((v, j) => grid.set(this.row - 1 + i, this.column - 1 + j, v)));
  }

  private fill<T>(grid: Grid<T>, value: T): void {
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.columns; j++) grid.set(this.row - 1 + i, this.column - 1 + j, value);
  }

  getA1Notation() {
    const start = `${columnLetters(this.column)}${this.row}`;
    if (this.rows === 1 && this.columns === 1) return start;
    return `${start}:${columnLetters(this.column + this.columns - 1)}${this.row + this.rows - 1}`;
  }
  getRow() {
    return this.row;
  }
  getColumn() {
    return this.column;
  }
  getNumRows() {
    return this.rows;
  }
  getNumColumns() {
    return this.columns;
  }
  getValues(): Cell[][] {
    return this.read(this.sheet.cells).map((r) => r.map((v) => (v instanceof Date ? new Date(v.getTime()) : v)));
  }
  getDisplayValues() {
    return this.read(this.sheet.cells).map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : String(v))));
  }
  getValue() {
    return this.getValues()[0][0];
  }
  setValues(values: Cell[][]) {
    values.forEach((r) => r.forEach(checkCellText));
    this.write(
      this.sheet.cells,
      values.map((r) => r.map(storedLikeSheets)),
    );
    return this;
  }
  setValue(value: Cell) {
    return this.setValues(Array.from({ length: this.rows }, () => new Array<Cell>(this.columns).fill(value)));
  }
  clearContent() {
    this.fill(this.sheet.cells, '');
    return this;
  }
  /** Sheets reports an unfilled cell as white. */
  getBackgrounds() {
    return this.read(this.sheet.fills).map((r) => r.map((v) => v ?? '#ffffff'));
  }
  /** null resets a cell to unfilled; any colour, white included, is an explicit fill. */
  setBackgrounds(values: (string | null)[][]) {
    this.write(this.sheet.fills, values);
    return this;
  }
  setBackground(color: string | null) {
    this.fill(this.sheet.fills, color);
    return this;
  }
  getNotes() {
    return this.read(this.sheet.noteGrid);
  }
  setNotes(values: (string | null)[][]) {
    this.write(
      this.sheet.noteGrid,
      values.map((r) => r.map((v) => v ?? '')),
    );
    return this;
  }
  setNote(note: string | null) {
    this.fill(this.sheet.noteGrid, note ?? '');
    return this;
  }
  setFontWeight(weight: 'bold' | 'normal' | null) {
    if (weight === 'bold') this.sheet.bold.push(this.getA1Notation());
    return this;
  }
  setDataValidation(validation: GoogleAppsScript.Spreadsheet.DataValidation | null) {
    const rule = validation as unknown as DataValidationRule | null;
    if (rule) this.sheet.validations.push({ range: this.getA1Notation(), values: rule.values, allowInvalid: rule.allowInvalid });
    return this;
  }
  getSheet() {
    return this.sheet;
  }
  activate() {
    this.sheet.book.active = this.sheet;
    this.sheet.book.selection = `${this.sheet.getName()}!${this.getA1Notation()}`;
    return this;
  }
}

export class FakeRangeList implements Mirror<RealRangeList, 'getRanges' | 'setBackground' | 'clearContent'> {
  constructor(readonly ranges: FakeRange[]) {}
  getRanges() {
    return [...this.ranges];
  }
  setBackground(color: string | null) {
    for (const range of this.ranges) range.setBackground(color);
    return this;
  }
  clearContent() {
    for (const range of this.ranges) range.clearContent();
    return this;
  }
}
