/**
 * The one module that touches SpreadsheetApp. Every read is one getValues() per sheet and every write is
 * one batched call per sheet, so the number of service calls does not grow with the plan. Every write of the
 * sheets' values moves the plan revision on: a script's writes fire no onEdit, and live validation's kept copy and
 * the sidebar learn of them only so.
 */
import { bumpPlanRevision } from './plan-revision';
import type { CellValue } from '../plan/cell-values';
import { COLUMNS, SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../plan/columns';
import { columnIndex } from '../plan/problems';
import { parseImporterSettings, planForSource, SettingKey, SETTINGS } from '../plan/settings';
import { GROUPS_COLUMNS, groupsGrid } from '../plan/groups-sheet';
import { PROPERTY_GROUPS_SHEET } from '../plan/property-groups';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SheetValues {
  name: string;
  values: CellValue[][];
  /** The sheet the values came from, so marking its problems needs no second look-up. */
  sheet: Sheet;
}

function spreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  return SpreadsheetApp.getActiveSpreadsheet();
}

export function getUi(): GoogleAppsScript.Base.Ui {
  return SpreadsheetApp.getUi();
}

export function toast(message: string, title = 'Segment', seconds = 5): void {
  spreadsheet().toast(message, title, seconds);
}

/** A sheet by name; analysts retype tab names, so case and surrounding spaces are forgiven. */
function findSheet(name: string): Sheet | null {
  const ss = spreadsheet();
  const exact = ss.getSheetByName(name);
  if (exact) return exact;
  const wanted = name.toLowerCase();
  return ss.getSheets().find((s) => s.getName().trim().toLowerCase() === wanted) ?? null;
}

/**
 * The Tracking Plan sheet's grid size, without reading a cell: inserting or deleting rows or columns changes it, and
 * Sheets runs no onEdit for those, so what was checked before may now sit on other rows.
 */
export function trackingPlanShape(): string {
  const sheet = findSheet(TRACKING_PLAN_SHEET);
  return sheet ? `${sheet.getMaxRows()}x${sheet.getMaxColumns()}` : 'none';
}

function readSheet(name: string): SheetValues | null {
  const sheet = findSheet(name);
  if (!sheet) return null;
  return { name: sheet.getName(), values: sheet.getDataRange().getValues() as CellValue[][], sheet };
}

export function readTrackingPlanSheet(): SheetValues | null {
  return readSheet(TRACKING_PLAN_SHEET);
}

export function readSettingsSheet(): SheetValues | null {
  return readSheet(SETTINGS_SHEET);
}

export function readPropertyGroupsSheet(): SheetValues | null {
  return readSheet(PROPERTY_GROUPS_SHEET);
}

/** Empties cells of Importer Settings (the token cells, once the token is stored privately), in one call. */
export function clearSettingsCells(a1s: readonly string[]): void {
  if (a1s.length === 0) return;
  findSheet(SETTINGS_SHEET)
    ?.getRangeList([...a1s])
    .clearContent();
  bumpPlanRevision();
}

/** Selects a cell; or says why it cannot (the sheet was removed, or the row or column deleted). */
export function selectCell(sheetName: string, a1: string): string | null {
  const sheet = findSheet(sheetName);
  if (!sheet) return `The sheet "${sheetName}" is gone, so ${sheetName}!${a1} cannot be shown.`;
  const cell = /^([A-Z]+)(\d+)$/.exec(a1);
  // Rows deleted since the list was made leave its last rows past the sheet's content (or past its grid, where
  // Sheets would throw): say so rather than select an empty row.
  if (cell) {
    const name = sheet.getName();
    const lastRow = sheet.getLastRow();
    if (Number(cell[2]) > lastRow)
      return `${name}!${a1} is gone: ${name} now ends at row ${lastRow}. Rows were deleted since this list was made.`;
    if (columnIndex(cell[1]) >= sheet.getMaxColumns()) return `${name}!${a1} is gone: its column was deleted since this list was made.`;
  }
  sheet.activate();
  sheet.getRange(a1).activate();
  return null;
}

/** Creates the Tracking Plan, Importer Settings and Property Groups tabs when missing; returns the names it created. */
export function createMissingSheets(): string[] {
  const created: string[] = [];
  if (!findSheet(TRACKING_PLAN_SHEET)) {
    created.push(TRACKING_PLAN_SHEET);
    createTrackingPlanSheet();
  }
  if (!findSheet(SETTINGS_SHEET)) {
    created.push(SETTINGS_SHEET);
    createSettingsSheet();
  }
  if (!findSheet(PROPERTY_GROUPS_SHEET)) {
    created.push(PROPERTY_GROUPS_SHEET);
    createPropertyGroupsSheet();
  }
  if (created.length > 0) bumpPlanRevision();
  return created;
}

/**
 * Adds the rows an Importer Settings made by an earlier version lacks (Live Validation, …), each with its help and
 * dropdown, below what is there; nothing else is touched. Returns the labels added.
 */
export function addMissingSettingRows(): string[] {
  const read = readSheet(SETTINGS_SHEET);
  if (!read) return [];
  const { cells } = parseImporterSettings(read.values, read.name);
  const missing = SETTINGS.filter((setting) => !cells[setting.key]);
  if (missing.length === 0) return [];
  const start = read.values.length + 1;
  ensureGrid(read.sheet, start + missing.length - 1, 3);
  read.sheet.getRange(start, 1, missing.length, 3).setValues(missing.map((setting) => [setting.label, '', setting.help]));
  missing.forEach((setting, i) => {
    if (setting.choices) read.sheet.getRange(start + i, 2).setDataValidation(dropdown(setting.choices));
  });
  bumpPlanRevision();
  return missing.map((setting) => setting.label);
}

/**
 * Writes one setting's value (column B of its row, or a new row at the end labelled as Set up sheets labels it) in
 * one write, as text; creates the settings sheet when there is none. Returns the cell written (`B4`).
 */
export function writeSetting(key: SettingKey, value: string): string {
  if (!findSheet(SETTINGS_SHEET)) createMissingSheets();
  const read = readSheet(SETTINGS_SHEET) as SheetValues;
  const at = parseImporterSettings(read.values, read.name).cells[key];
  const row = at?.row ?? read.values.length + 1;
  const label = SETTINGS.find((s) => s.key === key)?.label ?? key;
  ensureGrid(read.sheet, row, 2);
  if (at) read.sheet.getRange(row, 2, 1, 1).setValues([[literal(value)]]);
  else read.sheet.getRange(row, 1, 1, 2).setValues([[label, literal(value)]]);
  bumpPlanRevision();
  return `B${row}`;
}

/**
 * Writes `Plan for <source>`'s id: over the row naming that source (any case), else in a new row. Returns the cell
 * and the source as the sheet names it.
 */
export function writePlanFor(source: string, value: string): { cell: string; source: string } {
  if (!findSheet(SETTINGS_SHEET)) createMissingSheets();
  const read = readSheet(SETTINGS_SHEET) as SheetValues;
  const index = read.values.findIndex((row) => planForSource(row[0])?.toLowerCase() === source.toLowerCase());
  const row = index >= 0 ? index + 1 : read.values.length + 1;
  ensureGrid(read.sheet, row, 2);
  if (index >= 0) read.sheet.getRange(row, 2, 1, 1).setValues([[literal(value)]]);
  else read.sheet.getRange(row, 1, 1, 2).setValues([[literal(`Plan for ${source}`), literal(value)]]);
  bumpPlanRevision();
  return { cell: `B${row}`, source: index >= 0 ? (planForSource(read.values[index]?.[0]) ?? source) : source };
}

/** Rows below the header that get the dropdowns: more than a new sheet has, so the sheet grows first. */
const VALIDATION_ROWS = 2000;

/**
 * Grows a sheet to at least `rows` x `columns`. Sheets throws for any range outside the grid, and a new sheet
 * is only 1000 x 26, so every write that can go further grows the sheet first.
 */
function ensureGrid(sheet: Sheet, rows: number, columns: number): void {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxColumns = sheet.getMaxColumns();
  if (columns > maxColumns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
}

/** A dropdown that offers values without refusing others (analysts type what the list lacks). */
function dropdown(values: readonly string[], help?: string): GoogleAppsScript.Spreadsheet.DataValidation {
  const rule = SpreadsheetApp.newDataValidation()
    .requireValueInList([...values], true)
    .setAllowInvalid(true);
  return (help ? rule.setHelpText(help) : rule).build();
}

function createTrackingPlanSheet(): void {
  const sheet = spreadsheet().insertSheet(TRACKING_PLAN_SHEET);
  ensureGrid(sheet, VALIDATION_ROWS + 1, COLUMNS.length);
  sheet.getRange(1, 1, 1, COLUMNS.length).setValues([COLUMNS.map((c) => c.header)]);
  formatPlanSheet(sheet, 0);
}

/**
 * What makes a plan sheet easy to fill in, the same for Set up sheets and Import from Segment (both write the
 * header COLUMNS in order): the header's notes and weight, frozen, the column widths, and the dropdowns down to
 * VALIDATION_ROWS below the last of `dataRows` rows.
 */
function formatPlanSheet(sheet: Sheet, dataRows: number): void {
  const rows = dataRows + VALIDATION_ROWS;
  ensureGrid(sheet, rows + 1, COLUMNS.length);
  const header = sheet.getRange(1, 1, 1, COLUMNS.length);
  header.setNotes([COLUMNS.map((c) => c.help)]);
  header.setFontWeight('bold');
  sheet.setFrozenRows(1);
  COLUMNS.forEach((column, i) => {
    sheet.setColumnWidth(i + 1, column.width);
    if (!column.dropdown) return;
    sheet.getRange(2, i + 1, rows, 1).setDataValidation(dropdown(column.dropdown, column.help));
  });
}

/** Property Groups with its worked example, laid out as Tracking Plan is: header notes, widths, dropdowns. */
function createPropertyGroupsSheet(): void {
  const sheet = spreadsheet().insertSheet(PROPERTY_GROUPS_SHEET);
  const rows = groupsGrid();
  const width = GROUPS_COLUMNS.length;
  ensureGrid(sheet, VALIDATION_ROWS + 1, width);
  sheet.getRange(1, 1, rows.length, width).setValues(rows.map((row) => row.map(literal)));
  const header = sheet.getRange(1, 1, 1, width);
  header.setNotes([GROUPS_COLUMNS.map((c) => c.help)]);
  header.setFontWeight('bold');
  sheet.setFrozenRows(1);
  GROUPS_COLUMNS.forEach((column, i) => {
    sheet.setColumnWidth(i + 1, column.width);
    if (column.dropdown) sheet.getRange(2, i + 1, VALIDATION_ROWS, 1).setDataValidation(dropdown(column.dropdown, column.help));
  });
}

function createSettingsSheet(): void {
  const sheet = spreadsheet().insertSheet(SETTINGS_SHEET);
  const rows = [['Setting', 'Value', 'Help'], ...SETTINGS.map((s) => [s.label, '', s.help])];
  ensureGrid(sheet, rows.length, 3);
  sheet.getRange(1, 1, rows.length, 3).setValues(rows);
  SETTINGS.forEach((setting, i) => {
    if (!setting.choices) return;
    sheet.getRange(i + 2, 2).setDataValidation(dropdown(setting.choices));
  });
  sheet.getRange(1, 1, 1, 3).setFontWeight('bold');
  sheet.setFrozenRows(1);
  sheet.setColumnWidth(1, 180);
  sheet.setColumnWidth(2, 340);
  sheet.setColumnWidth(3, 560);
}

// ---- imported plans ---------------------------------------------------------------------------

/** What Sheets must keep as typed: every text cell gets an apostrophe, so nothing turns into a formula, number or date. */
function literal<T extends string | number | boolean>(value: T): T | string {
  return typeof value === 'string' && value !== '' ? `'${value}` : value;
}

/**
 * Writes imported rows (header first) into Tracking Plan when it has no rows, else into a new sheet.
 * Returns the sheet's name.
 */
export function writeImportedPlan(rows: (string | number | boolean)[][], newSheetName: string, intoTrackingPlan: boolean): string {
  const ss = spreadsheet();
  const existing = intoTrackingPlan ? findSheet(TRACKING_PLAN_SHEET) : null;
  const sheet = existing ?? ss.insertSheet(uniqueSheetName(newSheetName));
  const width = rows[0].length;
  ensureGrid(sheet, rows.length, width);
  if (existing) existing.clearContents();
  sheet.getRange(1, 1, rows.length, width).setValues(rows.map((row) => row.map(literal)));
  formatPlanSheet(sheet, rows.length - 1);
  sheet.activate();
  bumpPlanRevision();
  return sheet.getName();
}

/**
 * Appends rows (as wide as each other) below a sheet's `lastRow`, in one write, as text where text (never run as a
 * formula); the grid grows first when they do not fit. Returns the first row written.
 */
export function appendRows(sheet: Sheet, lastRow: number, rows: (string | number | boolean)[][]): number {
  const first = lastRow + 1;
  const width = rows[0]?.length ?? 0;
  if (width === 0) return first;
  ensureGrid(sheet, first + rows.length - 1, width);
  sheet.getRange(first, 1, rows.length, width).setValues(rows.map((row) => row.map(literal)));
  bumpPlanRevision();
  return first;
}

/**
 * Overwrites a sheet's rows from `firstRow` down with `rows` in one write, text as text (never run as a formula);
 * the grid grows first when they do not fit.
 */
export function overwriteRows(sheet: Sheet, firstRow: number, rows: (string | number | boolean | Date)[][]): void {
  const width = rows[0]?.length ?? 0;
  if (width === 0) return;
  ensureGrid(sheet, firstRow + rows.length - 1, width);
  sheet.getRange(firstRow, 1, rows.length, width).setValues(rows.map((row) => row.map((v) => (v instanceof Date ? v : literal(v)))));
  bumpPlanRevision();
}

function uniqueSheetName(wanted: string): string {
  const base =
    wanted
      .replace(/[[\]*?:/\\]/g, ' ')
      .slice(0, 90)
      .trim() || 'Imported plan';
  // Sheets compares sheet names without regard to case.
  const taken = new Set(
    spreadsheet()
      .getSheets()
      .map((s) => s.getName().toLowerCase()),
  );
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} (${i})`;
  return name;
}

// ---- hidden record sheets (backups, last sync) -----------------------------------------------

function recordSheet(name: string, header: string[]): Sheet {
  const existing = findSheet(name);
  if (existing) return existing;
  const sheet = spreadsheet().insertSheet(name);
  sheet.getRange(1, 1, 1, header.length).setValues([header]);
  sheet.setFrozenRows(1);
  sheet.hideSheet();
  return sheet;
}

/** The first `columns` columns of every row below the header (one read). */
export function readRecordColumns(name: string, columns: number): CellValue[][] {
  const sheet = findSheet(name);
  if (!sheet) return [];
  const last = sheet.getLastRow();
  if (last < 2) return [];
  return sheet.getRange(2, 1, last - 1, columns).getValues() as CellValue[][];
}

/** One whole row (1-based row number), as wide as the sheet's data. */
export function readRecordRow(name: string, row: number): CellValue[] {
  const sheet = findSheet(name);
  if (!sheet || row < 2 || row > sheet.getLastRow()) return [];
  return sheet.getRange(row, 1, 1, Math.max(1, sheet.getLastColumn())).getValues()[0] as CellValue[];
}

/**
 * Appends a row (as wide as the header) to a sheet anyone may read, made with its header on first use and never
 * hidden; text as literals. Two calls when the sheet exists: appendRow grows the grid when it is full.
 */
export function appendVisibleRow(name: string, header: string[], row: string[]): void {
  const ss = spreadsheet();
  const existing = ss.getSheetByName(name);
  if (existing) {
    existing.appendRow(row.map(literal));
    return;
  }
  const sheet = ss.insertSheet(name);
  sheet.getRange(1, 1, 2, header.length).setValues([header, row.map(literal)]);
  sheet.setFrozenRows(1);
}

/** Writes a row at the end, or over row `at` (clearing what was to its right); returns its row number. */
export function writeRecordRow(name: string, header: string[], row: (string | number)[], at?: number): number {
  const sheet = recordSheet(name, header);
  const target = at ?? sheet.getLastRow() + 1;
  ensureGrid(sheet, target, row.length);
  if (at !== undefined) {
    const width = sheet.getLastColumn();
    if (width > row.length) sheet.getRange(target, row.length + 1, 1, width - row.length).clearContent();
  }
  sheet.getRange(target, 1, 1, row.length).setValues([row.map(literal)]);
  return target;
}

/** Deletes rows and adds as many blank ones at the end, so rotating records never shrinks the sheet. */
export function deleteRecordRows(name: string, from: number, count: number): void {
  const sheet = findSheet(name);
  if (!sheet || count <= 0) return;
  sheet.deleteRows(from, count);
  sheet.insertRowsAfter(sheet.getMaxRows(), count);
}
