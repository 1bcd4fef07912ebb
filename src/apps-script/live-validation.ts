/**
 * Validation on edit: the simple trigger onEdit(e) re-checks the rows an edit touched and marks or unmarks them
 * as Validate plan would. Simple triggers run in AuthMode.LIMITED with 30 s: nothing here calls UrlFetchApp or
 * opens a dialog, and a failure is only logged (the next Validate plan marks everything again).
 *
 * Cost, whatever the plan's size: the first rows (where the header is found), five cells per row (Event Type,
 * Event Name, Property Name, Property Type, Version: what the plan-wide checks and the grouping of rows into events
 * read), and the whole rows of the edited events' blocks. The plan is then parsed as Validate parses it, with the
 * other rows' remaining cells blank, and only the touched rows are marked.
 */
import type { CellValue } from '../plan/cell-values';
import { isBlank } from '../plan/cell-values';
import { ColumnKey, SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../plan/columns';
import { planChecks, readConventions } from '../plan/conventions';
import { HEADER_SEARCH_ROWS, readHeader } from '../plan/header';
import { parseTrackingPlan } from '../plan/parse-plan';
import type { Problem } from '../plan/problems';
import { liveValidationOn } from '../plan/settings';
import { planApi } from '../segment/plan-api';
import { chooseApi } from '../segment/target';
import { readSettings, ReadSettings, safe } from './context';
import { bumpPlanRevision } from './plan-revision';
import { markRows } from './problem-marks';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The columns read on every row: enough to group rows into events and to run the plan-wide checks. */
const KEY_COLUMNS: readonly ColumnKey[] = ['eventType', 'eventName', 'propertyName', 'propertyType', 'version'];

export function onEdit(e?: GoogleAppsScript.Events.SheetsOnEdit): void {
  try {
    checkEdit(e);
  } catch (error) {
    // Never thrown: Sheets would show the analyst a failure for every keystroke. Validate plan catches up.
    // Services' exceptions come from another realm than the script's Error: read their message, whatever they are.
    const message = safe(error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error));
    console.error(`Live validation skipped an edit (Segment > Validate plan marks every problem): ${message}`);
  }
}

function checkEdit(e: GoogleAppsScript.Events.SheetsOnEdit | undefined): void {
  const range = e?.range;
  if (!range) return;
  const sheet = range.getSheet();
  const name = sheet.getName().trim().toLowerCase();
  if (name === SETTINGS_SHEET.toLowerCase()) {
    // Conventions may have changed: the sidebar reads again; the next check reads the settings anew.
    bumpPlanRevision();
    return;
  }
  if (name !== TRACKING_PLAN_SHEET.toLowerCase()) return;
  bumpPlanRevision();
  const settings = readSettings();
  if (!liveValidationOn(settings.settings)) return;
  const first = range.getRow();
  recheckRows(sheet, settings, first, first + range.getNumRows() - 1);
}

/** The plan as Validate would read it, but with whole rows only where they were read. */
interface SparsePlan {
  values: CellValue[][];
  /** 0-based index of the header row, null without one. */
  header: number | null;
  /** 0-based column index of each key column the header names. */
  keys: number[];
  /** Those of Event Name and Event Type: a row filling one starts an event's block. */
  eventColumns: number[];
}

function recheckRows(sheet: Sheet, settings: ReadSettings, first: number, last: number): void {
  const lastRow = sheet.getLastRow();
  const width = Math.max(1, sheet.getLastColumn());
  const plan = readKeyColumns(sheet, lastRow, width);
  const [blockStart, blockEnd] = block(plan, first, last);
  readWholeRows(sheet, plan, blockStart, Math.min(blockEnd, lastRow), width);
  const from = Math.min(first, blockStart);
  const to = Math.max(last, blockEnd);
  const problems = planProblems(plan, sheet.getName(), settings).filter((p) => p.row !== null && p.row >= from && p.row <= to);
  markRows(sheet, sheet.getName(), from, to - from + 1, width, problems);
}

/** The first rows whole (the header is among them), then the key columns of every row below. */
function readKeyColumns(sheet: Sheet, lastRow: number, width: number): SparsePlan {
  const headRows = Math.min(HEADER_SEARCH_ROWS, lastRow);
  const values = headRows > 0 ? (sheet.getRange(1, 1, headRows, width).getValues() as CellValue[][]) : [];
  const found = readHeader(values, sheet.getName(), []);
  const keys = found ? KEY_COLUMNS.flatMap((k) => (found.columns[k] === undefined ? [] : [found.columns[k] as number])) : [];
  keys.sort((a, b) => a - b);
  for (let r = headRows; r < lastRow; r++) values.push(new Array<CellValue>(width).fill(''));
  if (lastRow > headRows) {
    // Adjacent key columns are read together: one call per run of columns.
    for (const [from, count] of runs(keys)) {
      const read = sheet.getRange(headRows + 1, from + 1, lastRow - headRows, count).getValues() as CellValue[][];
      read.forEach((cells, i) => cells.forEach((v, j) => (values[headRows + i][from + j] = v)));
    }
  }
  const eventColumns = found ? [found.columns.eventName, found.columns.eventType].filter((c): c is number => c !== undefined) : [];
  return { values, header: found ? found.row : null, keys, eventColumns };
}

function runs(sorted: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const c of sorted) {
    const lastRun = out[out.length - 1];
    if (lastRun && lastRun[0] + lastRun[1] === c) lastRun[1]++;
    else out.push([c, 1]);
  }
  return out;
}

/**
 * The rows (1-based, inclusive) of the events the edited rows belong to: from the row naming the event (an Event
 * Name or an Event Type) at or above the first edited row, to the row before the next one below the last.
 */
function block(plan: SparsePlan, first: number, last: number): [number, number] {
  const { values, header } = plan;
  if (header === null || last <= header + 1) return [first, last];
  const startsEvent = (index: number) => plan.eventColumns.some((c) => !isBlank(values[index]?.[c] ?? ''));
  let start = Math.max(first - 1, header + 1);
  while (start > header + 1 && !startsEvent(start)) start--;
  let end = last;
  while (end < values.length && !startsEvent(end)) end++;
  return [Math.min(first, start + 1), Math.max(last, end)];
}

/** Reads rows `from` … `to` (1-based) whole into the plan, apart from those already read. */
function readWholeRows(sheet: Sheet, plan: SparsePlan, from: number, to: number, width: number): void {
  const start = Math.max(from, Math.min(HEADER_SEARCH_ROWS, plan.values.length) + 1);
  if (to < start) return;
  const read = sheet.getRange(start, 1, to - start + 1, width).getValues() as CellValue[][];
  read.forEach((cells, i) => (plan.values[start - 1 + i] = cells));
}

/** Every problem Validate plan finds in the sheet as read (the settings' problems are their sheet's). */
function planProblems(plan: SparsePlan, name: string, settings: ReadSettings): Problem[] {
  const { conventions } = readConventions(settings.settings);
  const parsed = parseTrackingPlan(plan.values, { sheet: name, descriptionsRequired: conventions.descriptionsRequired });
  const cells = { sheet: name, columns: parsed.columns };
  return [
    ...parsed.problems,
    ...planApi(chooseApi(settings.settings)).planProblems(parsed.plan, cells),
    ...planChecks(parsed.plan, cells, conventions),
  ];
}
