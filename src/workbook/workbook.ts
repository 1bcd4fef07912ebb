import { promises as fs } from 'fs';
import * as path from 'path';
import type ExcelJS from 'exceljs';
import { COLUMNS, SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../plan/columns';
import { SETTINGS } from '../plan/settings';
import { CellValue, cellText } from '../plan/cell-values';
import { headerRowIndex } from '../plan/header';
import { GROUPS_COLUMNS } from '../plan/groups-sheet';
import { PROPERTY_GROUPS_SHEET } from '../plan/property-groups';
import { Problem, sheetProblem } from '../plan/problems';
import { CsvCellPlaces, CsvError, decodeCsv, detectDelimiter, escapeFormula, parseCsv, toCsv, unescapeFormula } from './csv';
import { Grid, GridExtent, tabValues, UnreadableFileError, usedGrid } from './sheet-grid';

export type { Grid };
export { UnreadableFileError };

export interface Workbook {
  /** The Tracking Plan sheet, as `Range.getValues()` would return it. */
  plan: Grid;
  planSheet: string;
  /** The plan's tab (null for a CSV, which is the tab alone), and whether the workbook hides it. */
  tab: { hidden: boolean } | null;
  /** Importer Settings, when the file has that sheet (an .xlsx). */
  settings: Grid | null;
  /** Property Groups, when the file has that sheet (an .xlsx). */
  groups: { sheet: string; values: Grid } | null;
  /** Where each cell of a CSV starts in the file, when asked for (`cellPlaces`); null for an .xlsx. */
  csvCells: CsvCellPlaces | null;
  /** What reading the file found that the analyst should know: the tab read, cells Sheets would read otherwise. */
  problems: Problem[];
}

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
  if (ext === '.csv') return readCsv(file, data, options.cellPlaces ?? false);
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new UnreadableFileError(`${file}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const { sheet, values, problems } = planTab(workbook, file, options.sheet);
  const settingsSheet = findSheet(workbook, SETTINGS_SHEET);
  const settings = settingsSheet ? tabValues(settingsSheet, file) : null;
  const groupsSheet = findSheet(workbook, PROPERTY_GROUPS_SHEET);
  const groups = groupsSheet ? tabValues(groupsSheet, file) : null;
  return {
    plan: values,
    planSheet: sheet.name,
    tab: { hidden: sheet.state !== 'visible' },
    settings: settings?.values ?? null,
    groups: groupsSheet && groups ? { sheet: groupsSheet.name, values: groups.values } : null,
    csvCells: null,
    problems: [...problems, ...(settings?.problems ?? []), ...(groups?.problems ?? [])],
  };
}

function readCsv(file: string, data: Buffer, cellPlaces: boolean): Workbook {
  let rows: string[][];
  const csvCells = cellPlaces ? new CsvCellPlaces() : null;
  const extent = new GridExtent(file, 'the file');
  try {
    const text = decodeCsv(data);
    rows = parseCsv(text, detectDelimiter(text), csvCells ?? undefined, Infinity, (r, row) => extent.add(r, row, true));
  } catch (e) {
    if (e instanceof CsvError) throw new UnreadableFileError(`${file}: ${e.message}`);
    throw e;
  }
  // Cut first: a file of blank lines is not copied once more. Unescaping never empties a cell, so the cut holds.
  const plan = usedGrid(rows, file, 'the file', extent).map((row) => row.map(unescapeFormula));
  return { plan, planSheet: TRACKING_PLAN_SHEET, tab: null, settings: null, groups: null, csvCells, problems: [] };
}

interface PlanTab {
  sheet: ExcelJS.Worksheet;
  values: Grid;
  problems: Problem[];
}

/**
 * The tab that holds the plan: the one named with --sheet, else Tracking Plan (the one the add-on reads, hidden or
 * not), else the first whose first rows hold a header ("Event Name"), said since the add-on would not read it.
 * Without one, the error lists the tabs, so the analyst can name the right one.
 */
function planTab(workbook: ExcelJS.Workbook, file: string, wanted?: string): PlanTab {
  const names = workbook.worksheets.map((w) => `"${w.name}"`).join(', ');
  if (wanted !== undefined) {
    const sheet = findSheet(workbook, wanted);
    if (!sheet) throw new UnreadableFileError(`${file}: no tab named "${wanted}" (the tabs are ${names || 'none'})`);
    return withHiddenWarning(sheet, file, '');
  }
  const named = findSheet(workbook, TRACKING_PLAN_SHEET);
  if (named) return withHiddenWarning(named, file, ', as the add-on reads it');
  for (const sheet of workbook.worksheets) {
    const tab = withHiddenWarning(sheet, file, '');
    if (headerRowIndex(tab.values) === null) continue;
    tab.problems.unshift(
      sheetProblem(
        sheet.name,
        'warning',
        `This workbook has no tab named "${TRACKING_PLAN_SHEET}", so the plan was read from "${sheet.name}", the first tab with a header row. The add-on reads only a tab named ${TRACKING_PLAN_SHEET}: rename this one before importing the workbook into Google Sheets.`,
      ),
    );
    return tab;
  }
  throw new UnreadableFileError(
    `${file}: no tab has a header row (a cell reading "Event Name" in its first 30 rows). The tabs are ${names || 'none'}; name the plan's with --sheet NAME.`,
  );
}

/** The tab's values, and a warning when the workbook hides it: what is sent should not be out of sight. */
function withHiddenWarning(sheet: ExcelJS.Worksheet, file: string, why: string): PlanTab {
  const { values, problems } = tabValues(sheet, file);
  if (sheet.state !== 'visible') {
    problems.unshift(
      sheetProblem(
        sheet.name,
        'warning',
        `The tab "${sheet.name}" is hidden in this workbook; it is the tab read${why}. Unhide it to see what is sent, or name another tab with --sheet NAME.`,
      ),
    );
  }
  return { sheet, values, problems };
}

/** A tab by name as the add-on finds one: the exact name first, else forgiving case and surrounding spaces. */
function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  const exact = workbook.worksheets.find((w) => w.name === name);
  return exact ?? workbook.worksheets.find((w) => w.name.trim().toLowerCase() === name.toLowerCase());
}

export type WritableCell = string | number | boolean;

export interface WorkbookContent {
  /** Tracking Plan rows; the header row is the one after the banner rows. */
  plan: WritableCell[][];
  bannerRows?: number;
  settings: WritableCell[][];
  /** Property Groups rows, header first. */
  groups?: WritableCell[][];
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
  if (content.groups) groupsTab(workbook, content.groups);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Property Groups as Set up sheets lays it out: header notes and widths, frozen header. */
function groupsTab(workbook: ExcelJS.Workbook, rows: WritableCell[][]): void {
  const groups = workbook.addWorksheet(PROPERTY_GROUPS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.forEach((row) => groups.addRow(row));
  groups.getRow(1).font = { bold: true };
  GROUPS_COLUMNS.forEach((column, i) => {
    groups.getColumn(i + 1).width = Math.round(column.width / 7);
    groups.getRow(1).getCell(i + 1).note = column.help;
  });
}

/** The Tracking Plan rows as CSV (the form `validate`, `build` and `push` read back), safe to open in a spreadsheet. */
export function rowsCsv(rows: readonly (readonly CellValue[])[]): string {
  return toCsv(rows.map((row) => row.map((v) => escapeFormula(cellText(v)))));
}

/**
 * Overwrites the plan tab's rows from `start` (0-based) down with `rows`, the rest of the file as it was: an .xlsx
 * keeps its other tabs and formatting; a .csv is the tab alone, written whole. Blank cells are left empty.
 */
export async function rewritePlanRows(
  file: string,
  read: Pick<Workbook, 'plan' | 'planSheet'>,
  start: number,
  rows: readonly (readonly CellValue[])[],
): Promise<void> {
  if (path.extname(file).toLowerCase() === '.csv') {
    const grid = [...read.plan.slice(0, start), ...rows];
    while (grid.length > 0 && (grid.at(-1) ?? []).every((v) => cellText(v) === '')) grid.pop();
    await fs.writeFile(file, rowsCsv(grid));
    return;
  }
  const workbook = new (await excel()).Workbook();
  await workbook.xlsx.load((await fs.readFile(file)) as unknown as ArrayBuffer);
  const tab = findSheet(workbook, read.planSheet);
  if (!tab) throw new UnreadableFileError(`${file}: the tab "${read.planSheet}" is gone`);
  rows.forEach((row, i) => {
    const written = tab.getRow(start + i + 1);
    row.forEach((value, c) => {
      written.getCell(c + 1).value = value === '' || value === null || value === undefined ? null : value;
    });
  });
  await fs.writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}
