/**
 * SpreadsheetApp as strict as Google Sheets: a sheet is a fixed grid (a new one is 1000 x 26) that grows only
 * when rows or columns are inserted; a range outside it, a write of the wrong shape, a cell over 50,000
 * characters or a workbook over 10 million cells throw Sheets' own messages.
 */
import { Grid } from './grid';
import { AppsScriptException, Mirror } from './mirror';

type RealSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type RealSheet = GoogleAppsScript.Spreadsheet.Sheet;
type RealRange = GoogleAppsScript.Spreadsheet.Range;
type RealRangeList = GoogleAppsScript.Spreadsheet.RangeList;

export type Cell = string | number | boolean | Date;

export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;
export const MAX_CELL_CHARS = 50_000;
export const MAX_WORKBOOK_CELLS = 10_000_000;
export const MAX_SHEET_NAME = 100;
export const OUTSIDE_GRID = 'The coordinates of the range are outside the dimensions of the sheet.';

export function columnLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "B3" or "B3:D9" as 1-based [row, column, rows, columns]. */
export function parseA1(a1: string): [number, number, number, number] {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a1.toUpperCase());
  if (!m) throw new AppsScriptException('Range not found');
  const column = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [r1, c1] = [Number(m[2]), column(m[1])];
  const [r2, c2] = m[3] ? [Number(m[4]), column(m[3])] : [r1, c1];
  return [Math.min(r1, r2), Math.min(c1, c2), Math.abs(r2 - r1) + 1, Math.abs(c2 - c1) + 1];
}

/** Sheets keeps text as Unicode: half of a surrogate pair (an emoji cut in two) is stored as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What Sheets stores for a value written as a user would type it: a leading apostrophe keeps text as text. */
export function storedLikeSheets(written: Cell): Cell {
  if (typeof written !== 'string') return written;
  const value = written.replace(LONE_SURROGATE, '\uFFFD');
  if (value.startsWith("'")) return value.slice(1);
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^[=+\-@]/.test(value)) return '#ERROR!';
  return value;
}

function checkCellText(value: unknown): void {
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
    throw new AppsScriptException(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
  }
}

function checkShape(values: readonly unknown[][], rows: number, columns: number): void {
  if (values.length !== rows) {
    throw new AppsScriptException(
      `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${rows}.`,
    );
  }
  for (const row of values) {
    if (row.length !== columns) {
      throw new AppsScriptException(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${columns}.`,
      );
    }
  }
}

export interface DataValidationRule {
  values: string[];
  allowInvalid: boolean;
}

export function newDataValidation() {
  const rule: DataValidationRule = { values: [], allowInvalid: true };
  const builder = {
    requireValueInList: (values: string[]) => ((rule.values = [...values]), builder),
    setAllowInvalid: (allow: boolean) => ((rule.allowInvalid = allow), builder),
    setHelpText: () => builder,
    build: () => rule,
  };
  return builder;
}

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
  | 'activate';

export class FakeRange implements Mirror<RealRange, RangeMethods> {
  constructor(
    readonly sheet: FakeSheet,
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
  activate() {
    this.sheet.book.active = this.sheet;
    this.sheet.book.selection = `${this.sheet.getName()}!${this.getA1Notation()}`;
    return this;
  }
}

export class FakeRangeList implements Mirror<RealRangeList, 'getRanges' | 'setBackground'> {
  constructor(readonly ranges: FakeRange[]) {}
  getRanges() {
    return [...this.ranges];
  }
  setBackground(color: string | null) {
    for (const range of this.ranges) range.setBackground(color);
    return this;
  }
}

type SheetMethods =
  | 'getName'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getDataRange'
  | 'getRange'
  | 'getRangeList'
  | 'insertRowsAfter'
  | 'insertRowsBefore'
  | 'insertColumnsAfter'
  | 'insertColumnsBefore'
  | 'deleteRows'
  | 'deleteColumns'
  | 'appendRow'
  | 'clearContents'
  | 'setFrozenRows'
  | 'getFrozenRows'
  | 'setColumnWidth'
  | 'activate'
  | 'hideSheet'
  | 'isSheetHidden';

export class FakeSheet implements Mirror<RealSheet, SheetMethods> {
  readonly cells: Grid<Cell>;
  readonly fills: Grid<string | null>;
  readonly noteGrid: Grid<string>;
  frozenRows = 0;
  hidden = false;
  validations: Array<{ range: string; values: string[]; allowInvalid: boolean }> = [];
  columnWidths: Record<number, number> = {};
  bold: string[] = [];

  constructor(
    readonly name: string,
    readonly book: FakeSpreadsheet,
    rows = NEW_SHEET_ROWS,
    columns = NEW_SHEET_COLUMNS,
  ) {
    this.cells = new Grid<Cell>(rows, columns, '');
    this.fills = new Grid<string | null>(rows, columns, null);
    this.noteGrid = new Grid<string>(rows, columns, '');
  }

  private grids(): Array<Grid<unknown>> {
    return [this.cells, this.fills, this.noteGrid] as Array<Grid<unknown>>;
  }

  // ---- what a test sees and does as the analyst, outside the Apps Script API ----

  /** The data range's values (a copy). */
  get values(): Cell[][] {
    return this.getDataRange().getValues();
  }
  /** The data range's fills: null where unfilled. */
  get backgrounds(): (string | null)[][] {
    const { rows, columns } = this.dataSize();
    return this.fills.read(0, 0, rows, columns);
  }
  get notes(): string[][] {
    const { rows, columns } = this.dataSize();
    return this.noteGrid.read(0, 0, rows, columns);
  }
  /** Replaces everything typed in the sheet, as an analyst pasting a new grid would (the grid grows if needed). */
  typeValues(values: readonly Cell[][]): void {
    const width = Math.max(1, ...values.map((r) => r.length));
    if (values.length > this.getMaxRows()) this.insertRowsAfter(this.getMaxRows(), values.length - this.getMaxRows());
    if (width > this.getMaxColumns()) this.insertColumnsAfter(this.getMaxColumns(), width - this.getMaxColumns());
    this.clearContents();
    values.forEach((r, i) => r.forEach((v, j) => this.cells.set(i, j, v)));
  }
  /** Types one row (1-based) from column A, as an analyst would; the row must be inside the grid. */
  typeRow(row: number, values: readonly Cell[]): void {
    if (row > this.getMaxRows() || values.length > this.getMaxColumns()) throw new Error(`fake: row ${row} is outside the grid`);
    values.forEach((v, j) => this.cells.set(row - 1, j, v));
  }
  /** Types one value into a cell, as an analyst would. */
  typeCell(a1: string, value: Cell): void {
    const [row, column] = parseA1(a1);
    if (row > this.getMaxRows() || column > this.getMaxColumns()) throw new Error(`fake: ${a1} is outside the grid`);
    this.cells.set(row - 1, column - 1, value);
  }
  /** Fills one cell (1-based), as an analyst does with the paint bucket; null removes the fill. */
  paint(a1: string, color: string | null): void {
    const [row, column] = parseA1(a1);
    this.fills.set(row - 1, column - 1, color);
  }
  fillAt(a1: string): string | null {
    const [row, column] = parseA1(a1);
    return this.fills.get(row - 1, column - 1);
  }
  noteAt(a1: string): string {
    const [row, column] = parseA1(a1);
    return this.noteGrid.get(row - 1, column - 1);
  }
  writeNote(a1: string, note: string): void {
    const [row, column] = parseA1(a1);
    this.noteGrid.set(row - 1, column - 1, note);
  }
  private dataSize(): { rows: number; columns: number } {
    return { rows: Math.max(1, this.getLastRow()), columns: Math.max(1, this.getLastColumn()) };
  }

  // ---- the Apps Script API ----

  getName() {
    return this.name;
  }
  getMaxRows() {
    return this.cells.rows;
  }
  getMaxColumns() {
    return this.cells.columns;
  }
  getLastRow() {
    return this.cells.lastRow();
  }
  getLastColumn() {
    return this.cells.lastColumn();
  }
  getDataRange() {
    const { rows, columns } = this.dataSize();
    return new FakeRange(this, 1, 1, rows, columns);
  }
  getRange(a: number | string, column?: number, rows = 1, columns = 1) {
    if (typeof a === 'string') return new FakeRange(this, ...parseA1(a));
    if (column === undefined)
      throw new AppsScriptException("The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.");
    return new FakeRange(this, a, column, rows, columns);
  }
  getRangeList(a1Notations: string[]) {
    return new FakeRangeList(a1Notations.map((a1) => this.getRange(a1)));
  }
  insertRowsAfter(afterPosition: number, howMany: number) {
    return this.insertRows(afterPosition, howMany);
  }
  insertRowsBefore(beforePosition: number, howMany: number) {
    return this.insertRows(beforePosition - 1, howMany);
  }
  private insertRows(at: number, count: number) {
    if (at < 0 || at > this.getMaxRows()) throw new AppsScriptException('Those rows are out of bounds.');
    this.book.checkGrowth(count * this.getMaxColumns());
    for (const grid of this.grids()) grid.insertRows(at, count);
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number) {
    return this.insertColumns(afterPosition, howMany);
  }
  insertColumnsBefore(beforePosition: number, howMany: number) {
    return this.insertColumns(beforePosition - 1, howMany);
  }
  private insertColumns(at: number, count: number) {
    if (at < 0 || at > this.getMaxColumns()) throw new AppsScriptException('Those columns are out of bounds.');
    this.book.checkGrowth(count * this.getMaxRows());
    for (const grid of this.grids()) grid.insertColumns(at, count);
    return this;
  }
  deleteRows(rowPosition: number, howMany: number) {
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.getMaxRows()) {
      throw new AppsScriptException('Those rows are out of bounds.');
    }
    if (this.getMaxRows() - howMany <= this.frozenRows) {
      throw new AppsScriptException('Sorry, it is not possible to delete all non-frozen rows.');
    }
    for (const grid of this.grids()) grid.deleteRows(rowPosition - 1, howMany);
  }
  deleteColumns(columnPosition: number, howMany: number) {
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > this.getMaxColumns()) {
      throw new AppsScriptException('Those columns are out of bounds.');
    }
    if (howMany >= this.getMaxColumns()) throw new AppsScriptException('Sorry, it is not possible to delete all non-frozen columns.');
    for (const grid of this.grids()) grid.deleteColumns(columnPosition - 1, howMany);
  }
  /** Writes below the last row, adding a row to the grid when the sheet is full. */
  appendRow(rowContents: Cell[]) {
    const row = this.getLastRow() + 1;
    if (row > this.getMaxRows()) this.insertRowsAfter(this.getMaxRows(), 1);
    if (rowContents.length > this.getMaxColumns()) this.insertColumnsAfter(this.getMaxColumns(), rowContents.length - this.getMaxColumns());
    this.getRange(row, 1, 1, Math.max(1, rowContents.length)).setValues([rowContents.length ? rowContents : ['']]);
    return this;
  }
  clearContents() {
    const { rows, columns } = this.dataSize();
    new FakeRange(this, 1, 1, rows, columns).clearContent();
    return this;
  }
  setFrozenRows(rows: number) {
    if (rows < 0 || rows >= this.getMaxRows()) throw new AppsScriptException('Those rows are out of bounds.');
    this.frozenRows = rows;
  }
  getFrozenRows() {
    return this.frozenRows;
  }
  setColumnWidth(columnPosition: number, width: number) {
    if (columnPosition < 1 || columnPosition > this.getMaxColumns()) throw new AppsScriptException('Those columns are out of bounds.');
    this.columnWidths[columnPosition] = width;
    return this;
  }
  activate() {
    this.book.active = this;
    return this;
  }
  hideSheet() {
    this.hidden = true;
    return this;
  }
  isSheetHidden() {
    return this.hidden;
  }
}

type SpreadsheetMethods = 'getSheetByName' | 'getSheets' | 'insertSheet' | 'deleteSheet' | 'toast' | 'getId' | 'getActiveSheet';

export class FakeSpreadsheet implements Mirror<RealSpreadsheet, SpreadsheetMethods> {
  sheets: FakeSheet[] = [];
  toasts: string[] = [];
  active: FakeSheet | null = null;
  selection = '';

  /**
   * A sheet as an analyst leaves it: the values typed in, in a grid of at least 1000 x 26 (or exactly
   * `grid`, to stand for a sheet whose rows or columns were deleted).
   */
  addSheet(name: string, values: readonly Cell[][] = [], grid?: { rows: number; columns: number }): FakeSheet {
    const width = Math.max(0, ...values.map((r) => r.length));
    const sheet = this.newSheet(
      name,
      grid?.rows ?? Math.max(NEW_SHEET_ROWS, values.length),
      grid?.columns ?? Math.max(NEW_SHEET_COLUMNS, width),
    );
    values.forEach((r, i) => r.forEach((v, j) => sheet.cells.set(i, j, v)));
    return sheet;
  }
  sheet(name: string): FakeSheet {
    const found = this.getSheetByName(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }
  /** Cells in every sheet: Sheets refuses to grow a spreadsheet past 10 million. */
  cellCount(): number {
    return this.sheets.reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0);
  }
  checkGrowth(cells: number): void {
    if (this.cellCount() + cells > MAX_WORKBOOK_CELLS) {
      throw new AppsScriptException(
        `This action would increase the number of cells in the workbook above the limit of ${MAX_WORKBOOK_CELLS} cells.`,
      );
    }
  }
  private newSheet(name: string, rows: number, columns: number): FakeSheet {
    if (name.length > MAX_SHEET_NAME) throw new AppsScriptException(`The sheet name cannot be longer than ${MAX_SHEET_NAME} characters.`);
    if (!name.trim()) throw new AppsScriptException('The sheet name cannot be empty.');
    if (this.sheets.some((s) => s.getName().toLowerCase() === name.toLowerCase())) {
      throw new AppsScriptException(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.checkGrowth(rows * columns);
    const sheet = new FakeSheet(name, this, rows, columns);
    this.sheets.push(sheet);
    return sheet;
  }
  getSheetByName(name: string) {
    return this.sheets.find((s) => s.getName() === name) ?? null;
  }
  getSheets() {
    return [...this.sheets];
  }
  insertSheet(sheetName?: string) {
    let name = sheetName;
    for (let i = this.sheets.length + 1; name === undefined; i++) if (!this.getSheetByName(`Sheet${i}`)) name = `Sheet${i}`;
    const sheet = this.newSheet(name, NEW_SHEET_ROWS, NEW_SHEET_COLUMNS);
    this.active = sheet;
    return sheet;
  }
  deleteSheet(sheet: RealSheet) {
    if (this.sheets.length === 1) throw new AppsScriptException("You can't remove all the sheets in a document.");
    this.sheets = this.sheets.filter((s) => (s as unknown) !== sheet);
  }
  toast(msg: string) {
    this.toasts.push(msg);
  }
  getId() {
    return 'spreadsheet-id';
  }
  getActiveSheet() {
    return this.active ?? this.sheets[0];
  }
}
