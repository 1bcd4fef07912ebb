/**
 * SpreadsheetApp as strict as Google Sheets: a sheet is a fixed grid (a new one is 1000 x 26) that grows only
 * when rows or columns are inserted; a range outside it, a write of the wrong shape, a cell over 50,000
 * characters or a workbook over 10 million cells throw Sheets' own messages.
 */
import { Cell, MAX_SHEET_NAME, MAX_WORKBOOK_CELLS, NEW_SHEET_COLUMNS, NEW_SHEET_ROWS, parseA1 } from './cells';
import { Grid } from './grid';
import { AppsScriptException, Mirror } from './mirror';
import { FakeRange, FakeRangeList } from './range';

type RealSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type RealSheet = GoogleAppsScript.Spreadsheet.Sheet;

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
  /** Cells read by the script so far: the sizes of the ranges passed to getValues, getNotes, getBackgrounds… */
  cellsRead = 0;

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
  /** Each spreadsheet has its own; a test gives another one to a second spreadsheet of the same user. */
  id = 'spreadsheet-id';
  getId() {
    return this.id;
  }
  getActiveSheet() {
    return this.active ?? this.sheets[0];
  }
}
