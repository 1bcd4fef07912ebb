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
import { cellText, isBlank } from '../plan/cell-values';
import { SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../plan/columns';
import { foldName } from '../plan/conventions';
import { ruleOfType, sectionHeading } from '../plan/parse-plan';
import { columnIndex, Problem } from '../plan/problems';
import { liveValidationOn } from '../plan/settings';
import { PROPERTY_GROUPS_SHEET } from '../plan/property-groups';
import { CHANGE_TRIGGER_KEY } from './change-trigger';
import { readSettings, ReadSettings, safe, validateSheets } from './context';
import { bumpPlanRevision, planRevision } from './plan-revision';
import {
  cachedPlan,
  indexFromSheet,
  indexFromValues,
  keepRows,
  keyCell,
  PlanIndex,
  reachRow,
  settingsFrom,
  storePlan,
  withoutToken,
} from './plan-index';
import { markProblems, markRows } from './problem-marks';
import { errorMessage } from './error-message';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

export function onEdit(e?: GoogleAppsScript.Events.SheetsOnEdit): void {
  try {
    checkEdit(e);
  } catch (error) {
    // Never thrown: Sheets would show the analyst a failure for every keystroke. Validate plan catches up.
    const message = safe(errorMessage(error));
    console.error(`Live validation skipped an edit (Segment > Validate plan marks every problem): ${message}`);
  }
}

function checkEdit(e: GoogleAppsScript.Events.SheetsOnEdit | undefined): void {
  const range = e?.range;
  if (!range) return;
  const sheet = range.getSheet();
  const sheetName = sheet.getName();
  const name = sheetName.trim().toLowerCase();
  if (name === SETTINGS_SHEET.toLowerCase() || name === PROPERTY_GROUPS_SHEET.toLowerCase()) {
    // Conventions or groups may have changed: the sidebar reads again, and so does the next check (Validate plan
    // marks Property Groups' cells).
    bumpPlanRevision();
    return;
  }
  if (name !== TRACKING_PLAN_SHEET.toLowerCase()) return;
  // Validate reads the sheet named exactly so when there is one: a look-alike tab (" tracking plan") is not the plan.
  if (sheetName !== TRACKING_PLAN_SHEET && e?.source.getSheetByName(TRACKING_PLAN_SHEET)) return;
  const properties = PropertiesService.getDocumentProperties().getProperties();
  const before = planRevision(properties);
  const after = bumpPlanRevision(before);
  // The copy kept at the last edit holds only while nothing else moved the revision, and only an installed
  // onChange trigger moves it when rows are inserted, deleted or sorted.
  const guarded = properties[CHANGE_TRIGGER_KEY] === 'on';
  const cached = guarded ? cachedPlan(sheetName, before) : null;
  const settings = cached?.settings ? settingsFrom(cached.settings) : readSettings();
  if (!liveValidationOn(settings.settings)) return;
  const edit = editedCells(range);
  // A column right of every column read before may be a new one: read the sheet again.
  let index = cached && edit.lastColumn <= cached.index.width ? cached.index : indexFromSheet(sheet, sheetName);
  reachRow(index, edit.lastRow);
  index = recheckRows(sheet, sheetName, { settings, properties }, index, edit.firstRow, edit.lastRow);
  if (guarded) storePlan(sheetName, after, index, withoutToken(settings) ?? cached?.settings ?? null);
}

/** The rows and last column of an edited range, from its A1 notation: one call where three would do. */
function editedCells(range: Range): { firstRow: number; lastRow: number; lastColumn: number } {
  const cells = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(range.getA1Notation());
  if (!cells) return { firstRow: range.getRow(), lastRow: range.getLastRow(), lastColumn: range.getLastColumn() };
  const [, fromColumn, fromRow, toColumn = fromColumn, toRow = fromRow] = cells;
  return { firstRow: Number(fromRow), lastRow: Number(toRow), lastColumn: columnIndex(toColumn) + 1 };
}

/**
 * Marks the edited rows and the rest of their events' blocks as Validate plan would; returns the index with every
 * row it read whole taken in.
 */
function recheckRows(
  sheet: Sheet,
  sheetName: string,
  read: { settings: ReadSettings; properties: Readonly<Record<string, string>> },
  index: PlanIndex,
  first: number,
  last: number,
): PlanIndex {
  const { settings } = read;
  // An edit at or above the header row can change what every column means: the whole sheet is marked again, as
  // Validate plan marks it (rare, and well within a simple trigger's 30 s).
  if (index.header === null || first <= index.header + 1) return remarkWholeSheet(sheet, sheetName, settings);
  // The block as the rows were before the edit, read whole; the edited rows in it may have moved its bounds (an
  // Event Name typed or cleared), and the index now knows them as they are.
  const [readFrom, readTo] = block(index, first, last);
  const blockRange = sheet.getRange(readFrom, 1, readTo - readFrom + 1, index.width);
  const whole = new Map<number, CellValue[]>();
  take(index, whole, readFrom, blockRange.getValues() as CellValue[][]);
  const [from, to] = block(index, first, last);
  for (const [start, end] of [
    [from, readFrom - 1],
    [readTo + 1, to],
  ])
    if (start <= end) readWholeRows(sheet, index, whole, start, end);
  const { values, wholeRows } = relevantRows(index, from, to);
  // Rows of the same event elsewhere join it (a property defined twice, a second description): read them whole too.
  for (const [start, end] of joined(wholeRows)) readWholeRows(sheet, index, whole, start, Math.min(end, index.lastRow));
  for (const [r, cells] of whole) values[r] = cells;
  const problems = planProblems(values, sheetName, sheet, settings).filter((p) => p.row !== null && p.row >= from && p.row <= to);
  const reused = from === readFrom && to === readTo ? blockRange : undefined;
  markRows(sheet, sheetName, from, to - from + 1, index.width, problems, { range: reused, properties: read.properties });
  return index;
}

/** Rows just read whole: kept for the parse (0-based) and taken into the index. */
function take(index: PlanIndex, whole: Map<number, CellValue[]>, firstRow: number, rows: CellValue[][]): void {
  keepRows(index, firstRow, rows);
  rows.forEach((cells, i) => whole.set(firstRow - 1 + i, cells));
}

/**
 * Whether a row begins an event's rows: it names one, or its Event Type makes it a rule of its own (identify, group,
 * common; Mixpanel's and Amplitude's words for them too). A row with only a track or page type joins the event above.
 */
function startsEvent(index: PlanIndex, row: number): boolean {
  if (!isBlank(keyCell(index, row, index.nameColumn))) return true;
  return ruleOfType(cellText(keyCell(index, row, index.typeColumn))) !== null;
}

/**
 * The rows (1-based, inclusive) of the events the edited rows belong to: from the row naming the event (an Event
 * Name or an Event Type) at or above the first edited row, to the row before the next one below the last.
 */
function block(index: PlanIndex, first: number, last: number): [number, number] {
  const { header } = index;
  if (header === null || last <= header + 1) return [first, last];
  let start = Math.max(first - 1, header + 1);
  while (start > header + 1 && !startsEvent(index, start)) start--;
  let end = last;
  while (end < index.lastRow && !startsEvent(index, end)) end++;
  return [Math.min(first, start + 1), Math.max(last, end)];
}

/** A property name as the plan-wide checks compare it: its last part, without case or separators. */
function foldedKey(value: CellValue, cache: Map<CellValue, string>): string {
  let folded = cache.get(value);
  if (folded === undefined) {
    const parts = cellText(value).replace(/\[\]/g, '').split('.');
    folded = foldName(parts[parts.length - 1] ?? '');
    cache.set(value, folded);
  }
  return folded;
}

/** Rows read whole that are this close are read in one call. */
const JOIN_GAP = 50;

/** Stands in for the descriptions of rows not read whole, which would otherwise each be reported missing. */
const UNREAD_DESCRIPTION = 'not read';

/** The rows to parse, and the other blocks of the edited events (1-based, inclusive), to be read whole. */
interface Relevant {
  values: CellValue[][];
  /** The other blocks of the edited events, the rows that may be section headings, the properties compared with. */
  wholeRows: Array<[number, number]>;
}

/**
 * The rows the block's problems depend on, with their key cells, as Validate reads them; the others are left out
 * (holes, which the parser reads as blank rows). Every row naming an event (the grouping into events, versions,
 * near-duplicate events); and of the properties whose name could clash with one of the block's, those that can be
 * the first of their name in the plan (the one that one name with two types and names differing in case compare
 * with): the first of each name, and all in blocks of an event named before or named as the block's (their
 * properties join that earlier event, as a second row of the same event does).
 */
function relevantRows(index: PlanIndex, blockStart: number, blockEnd: number): Relevant {
  const values: CellValue[][] = index.head.slice();
  values.length = Math.max(index.lastRow, values.length);
  const cache = new Map<CellValue, string>();
  const names = new Set<string>();
  const blockEvents = new Set<string>();
  for (let r = blockStart - 1; r < Math.min(blockEnd, index.lastRow); r++) {
    const key = foldedKey(keyCell(index, r, index.propertyColumn), cache);
    if (key) names.add(key);
    if (startsEvent(index, r)) blockEvents.add(eventOf(index, r));
  }
  const width = Math.max(...index.keys.keys(), index.description ?? 0) + 1;
  const seenEvents = new Set<string>();
  const firstNames = new Set<string>();
  const firstKeys = new Set<string>();
  const sameEvent: Array<[number, number]> = [];
  const sections: Array<[number, number]> = [];
  const firsts: Array<[number, number]> = [];
  let joinsEarlier = false;
  for (let r = (index.header ?? index.head.length) + 1; r < index.lastRow; r++) {
    const starts = startsEvent(index, r);
    if (starts) {
      const event = eventOf(index, r);
      joinsEarlier = seenEvents.has(event) || blockEvents.has(event);
      seenEvents.add(event);
      const outside = r < blockStart - 1 || r >= blockEnd;
      if (outside && blockEvents.has(event)) sameEvent.push([r + 1, r + 1]);
      else if (outside && maybeSection(index, r)) sections.push([r + 1, r + 1]);
    } else {
      const last = sameEvent[sameEvent.length - 1];
      if (last && last[1] === r && (r < blockStart - 1 || r >= blockEnd)) last[1] = r + 1;
    }
    const name = keyCell(index, r, index.propertyColumn);
    const key = isBlank(name) ? '' : foldedKey(name, cache);
    const clashes = key !== '' && names.has(key);
    const path = clashes ? cellText(name).trim() : '';
    const first = clashes && !(firstNames.has(path) && firstKeys.has(key));
    if (clashes) {
      firstNames.add(path);
      firstKeys.add(key);
    }
    if (r < index.head.length || (!starts && !(clashes && (first || joinsEarlier)))) continue;
    // A property another may be compared with is read whole: a bad cell elsewhere on its row (Required, Allowed
    // Values, JSON Schema…) makes Validate drop it, and the comparison then goes to the next of its name.
    if (clashes && !starts && (r < blockStart - 1 || r >= blockEnd)) firsts.push([r + 1, r + 1]);
    const row = new Array<CellValue>(width).fill('');
    for (const c of index.keys.keys()) row[c] = keyCell(index, r, c);
    if (key && index.description !== undefined) row[index.description] = UNREAD_DESCRIPTION;
    values[r] = row;
  }
  return { values, wholeRows: [...sameEvent, ...sections, ...firsts] };
}

/** What a row naming an event names: its Event Name, else its Event Type (identify, group, common rows). */
function eventOf(index: PlanIndex, row: number): string {
  // Identify, group and common rows are one rule each, whatever their Event Name says; so are the rows under a
  // section heading naming one (`Identify (traits)`).
  const rule = ruleOfType(cellText(keyCell(index, row, index.typeColumn)));
  if (rule) return rule;
  const name = cellText(keyCell(index, row, index.nameColumn)).trim();
  if (maybeSection(index, row)) {
    const word = (/^\s*(\w+)/.exec(name || cellText(keyCell(index, row, index.typeColumn)))?.[1] ?? '').toLowerCase();
    return ruleOfType(word) ?? word;
  }
  return name;
}

/**
 * Whether a row could be a section heading (`Identify (traits)`, or an Event Type alone): that depends on its other
 * cells being blank, which only a whole read tells.
 */
function maybeSection(index: PlanIndex, row: number): boolean {
  if (!isBlank(keyCell(index, row, index.propertyColumn))) return false;
  const filled = index.eventColumns.filter((c) => !isBlank(keyCell(index, row, c)));
  if (filled.length !== 1) return false;
  // Parsing's own test of a heading's text: an event named "Page Viewed" is no heading, and is not read whole.
  return sectionHeading(cellText(keyCell(index, row, filled[0])), filled[0] === index.typeColumn ? 'eventType' : 'eventName') !== null;
}

/** Spans of rows (1-based, inclusive), sorted and joined when close, so each is one read. */
function joined(spans: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [start, end] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && start <= last[1] + JOIN_GAP) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** Reads rows `from` … `to` (1-based) whole, apart from those read already (the header rows, the block). */
function readWholeRows(sheet: Sheet, index: PlanIndex, whole: Map<number, CellValue[]>, from: number, to: number): void {
  let start = Math.max(from, index.head.length + 1);
  let end = to;
  while (start <= end && whole.has(start - 1)) start++;
  while (end >= start && whole.has(end - 1)) end--;
  if (end < start) return;
  take(index, whole, start, sheet.getRange(start, 1, end - start + 1, index.width).getValues() as CellValue[][]);
}

function remarkWholeSheet(sheet: Sheet, name: string, settings: ReadSettings): PlanIndex {
  const read = { name, values: sheet.getDataRange().getValues() as CellValue[][], sheet };
  markProblems(read, validateSheets(read, settings).planProblems);
  return indexFromValues(read.values, name);
}

/** Every problem Validate plan finds in the sheet as read (the settings' problems are their sheet's): its own checks. */
function planProblems(values: CellValue[][], name: string, sheet: Sheet, settings: ReadSettings): Problem[] {
  return validateSheets({ name, values, sheet }, settings).planProblems;
}
