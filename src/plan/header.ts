/** The header row: where it is, and which column holds what (found by header text, in any order). */
import { parseRequired } from './cell-codecs';
import { CellValue, cellText, headerKey, isBlank } from './cell-values';
import { COLUMN_BY_KEY, COLUMNS, ColumnKey } from './columns';
import { columnLetter, Problem, cellProblem, sheetProblem, quoted } from './problems';
import type { ColumnAlternates, ColumnMap, LabelColumn, SheetLayout } from './row-context';

export const HEADER_SEARCH_ROWS = 30;

/** Every accepted header spelling, as `headerKey` writes it, to its column. */
const COLUMN_BY_HEADER: ReadonlyMap<string, ColumnKey> = new Map(
  COLUMNS.flatMap((c) => [headerKey(c.header), ...c.aliases].map((spelling) => [spelling, c.key] as const)),
);

/**
 * How much a row looks like a header row; the higher wins, and the first of equals. 0: no cell names Event Name.
 * 1: an exact "Event Name" cell and no other known column (a legend, or a header missing its other columns).
 * 2: Event Name (in any tool's spelling) and another known column, no Property Name (a title "Event, Description").
 * 3: Event Name and Property Name: a header row.
 */
type HeaderLikeness = 0 | 1 | 2 | 3;

export interface HeaderFound {
  /** The row's index (0-based). */
  row: number;
  likeness: HeaderLikeness;
  /** How many known columns it names: between two delimiters equally likely, the one naming more wins. */
  known: number;
  /** The first row above it that also names Event Name, read as a title: the analyst is told which row was taken. */
  passedOver: number | null;
}

type Likeness = Pick<HeaderFound, 'likeness' | 'known'> & { exact: boolean };

/** Between rows equally like a header, one with an exact "Event Name" cell, then one naming more columns, wins. */
function likelier(found: Likeness, best: Likeness): boolean {
  if (found.likeness !== best.likeness) return found.likeness > best.likeness;
  if (found.exact !== best.exact) return found.exact;
  return found.known > best.known;
}

function likeness(row: readonly CellValue[]): Likeness {
  const keys = row.map(headerKey);
  const named = new Set<ColumnKey>();
  for (const k of keys) {
    const column = COLUMN_BY_HEADER.get(k);
    if (column) named.add(column);
  }
  const known = named.size;
  const exact = keys.includes('event name');
  // A plain Name beside an Event Type (Object Type) names events on event rows and properties on the others.
  if (!named.has('eventName') && named.has('eventType') && keys.includes('name')) return { likeness: 3, known, exact };
  if (!named.has('eventName')) return { likeness: 0, known, exact };
  if (named.has('propertyName')) return { likeness: 3, known, exact };
  if (known >= 2) return { likeness: 2, known, exact };
  return { likeness: exact ? 1 : 0, known, exact };
}

/**
 * The header row among the first 30: the first that names Event Name and Property Name; else the first naming Event
 * Name and another known column; else the first with an exact "Event Name" cell (whose missing columns are then
 * said). So a legend row or a title ("Event, Description") above the real header is not taken for it.
 */
export function findHeader(values: readonly (readonly CellValue[])[]): HeaderFound | null {
  const limit = Math.min(HEADER_SEARCH_ROWS, values.length);
  let best: (HeaderFound & Likeness) | null = null;
  let firstNamingEvent: number | null = null;
  for (let r = 0; r < limit; r++) {
    const found = likeness(values[r] ?? []);
    if (found.likeness === 0) continue;
    if (best === null || likelier(found, best)) best = { row: r, ...found, passedOver: firstNamingEvent };
    firstNamingEvent ??= r;
    if (best.likeness === 3) break;
  }
  if (best === null) return null;
  const { exact: _exact, ...header } = best;
  return header;
}

export function headerRowIndex(values: readonly (readonly CellValue[])[]): number | null {
  return findHeader(values)?.row ?? null;
}

/**
 * Columns that annotate a row rather than define it (who owns it, its ticket, its lifecycle): kept in the sheet,
 * never sent and never warned about. `status` is one only when its values are no Required values (Planned, Live).
 */
const ANNOTATION_HEADERS: ReadonlySet<string> = new Set([
  'owner',
  'team',
  'squad',
  'ticket',
  'jira',
  'note',
  'notes',
  'comment',
  'comments',
  'priority',
  'stage',
  'implementation status',
  'last updated',
]);

/** Headers read as Required that are also what analysts call a lifecycle column (Planned / Implemented). */
const LIFECYCLE_OR_REQUIRED: ReadonlySet<string> = new Set(['status', 'property status']);

/** The analyst's own columns, named in Importer Settings (Notes Columns, Label Columns). */
export interface OwnColumns {
  /** Headers kept but not read, beside the usual ones (Owner, Jira, …). */
  notes?: readonly string[];
  /** Headers whose cells become the event's labels, keyed by the lower-cased header. */
  labels?: readonly string[];
}

interface HeaderRead extends SheetLayout {
  row: number;
}

/** Amplitude's and Avo's column saying a property is a list of its Property Type. */
const LIST_FLAG_HEADERS: ReadonlySet<string> = new Set(['property is array', 'is array', 'array', 'property is list', 'is list', 'list']);

/** The column naming the sources a row is for (Avo's Sources; Platforms). */
const SOURCES_HEADERS: ReadonlySet<string> = new Set([
  'sources',
  'source',
  'platforms',
  'platform',
  'event sources',
  'event source',
  'source names',
  'event platforms',
]);

/** The columns that group rows into events: a second one would make a row mean two things, so it is ignored. */
const GROUPING: ReadonlySet<ColumnKey> = new Set(['eventType', 'eventName', 'propertyName']);

/**
 * Whether a Status column holds Required values: some filled cell below the header reads as one (TRUE, yes,
 * optional, …). A lifecycle column (Planned, Implemented) has none; a typo among required/optional is still said.
 */
function readsAsRequired(values: readonly (readonly CellValue[])[], headerRow: number, column: number): boolean {
  let filled = false;
  for (let r = headerRow + 1; r < values.length; r++) {
    const value = values[r]?.[column];
    if (value === undefined || isBlank(value)) continue;
    if (!('error' in parseRequired(value))) return true;
    filled = true;
  }
  return !filled;
}

/** The header's row and column map, or null (with the problem said) when the sheet has no usable header. */
export function readHeader(
  values: readonly (readonly CellValue[])[],
  sheet: string,
  problems: Problem[],
  own: OwnColumns = {},
): HeaderRead | null {
  const found = findHeader(values);
  if (found === null) {
    problems.push(
      sheetProblem(
        sheet,
        'error',
        `No header row found: none of the first ${HEADER_SEARCH_ROWS} rows has a cell reading "Event Name" (${eventNameSpellings()} beside another known column). Add a header row that names the columns (Event Name, Property Name, Property Type, ...).`,
      ),
    );
    return null;
  }
  const r = found.row;
  if (found.passedOver !== null) problems.push(passedOverWarning(sheet, found, values[r] ?? []));
  const columns: ColumnMap = {};
  const headers: HeaderRead['headers'] = {};
  const labelColumns: LabelColumn[] = [];
  const alternates: ColumnAlternates = {};
  const alternateHeaders: Record<number, string> = {};
  let listFlag: HeaderRead['listFlag'];
  let sources: HeaderRead['sources'];
  const notes = new Set((own.notes ?? []).map(headerKey));
  const labels = new Set((own.labels ?? []).map(headerKey));
  (values[r] ?? []).forEach((value, c) => {
    const label = headerKey(value);
    if (!label) return;
    const header = cellText(value).trim();
    if (labels.has(label)) {
      labelColumns.push({ column: c, key: header.toLowerCase(), header });
      return;
    }
    if (LIST_FLAG_HEADERS.has(label) && listFlag === undefined) {
      listFlag = { column: c, header };
      return;
    }
    if (SOURCES_HEADERS.has(label) && sources === undefined) {
      sources = { column: c, header };
      return;
    }
    if (notes.has(label) || ANNOTATION_HEADERS.has(label)) return;
    if (LIFECYCLE_OR_REQUIRED.has(label) && !readsAsRequired(values, r, c)) return;
    const key = COLUMN_BY_HEADER.get(label);
    const def = key && COLUMN_BY_KEY.get(key);
    if (!def) {
      // A column nobody reads loses what it holds without a word: say so at its header.
      problems.push(cellProblem(sheet, r, c, 'warning', unreadMessage(header)));
      return;
    }
    const first = columns[def.key];
    if (first === undefined) {
      columns[def.key] = c;
      headers[def.key] = header;
    } else if (!GROUPING.has(def.key)) {
      // Rows fill one or the other (Allowed Property Values, Enum Values): read as one column, row by row.
      (alternates[def.key] ??= []).push(c);
      alternateHeaders[c] = header;
    } else {
      const message = `${quoted(header)} repeats the ${def.header} column ${columnLetter(first)}; this column is ignored.`;
      problems.push(cellProblem(sheet, r, c, 'warning', message));
    }
  });
  shareDescription(columns, headers);
  shareName(columns, headers);
  if (columns.propertyName === undefined) {
    problems.push(
      sheetProblem(sheet, 'error', `The header row (row ${r + 1}) has no "Property Name" column. Add a column headed Property Name.`),
    );
    return null;
  }
  return {
    row: r,
    columns,
    headers,
    labelColumns,
    alternates,
    alternateHeaders,
    ...(listFlag && { listFlag }),
    ...(sources && { sources }),
  };
}

function unreadMessage(header: string): string {
  return `Column ${quoted(header)} is not read, so what it holds is not sent. Rename it to one of ${COLUMNS.map((d) => d.header).join(', ')} (or another tool's spelling of one, such as Data Type or Permitted Values), or delete it.`;
}

/** The other spellings of Event Name, from the column list so the message stays true: `or "Object Name", …, or "Event"`. */
function eventNameSpellings(): string {
  const aliases = COLUMN_BY_KEY.get('eventName')?.aliases ?? [];
  const shown = aliases.map((a) => quoted(a.replace(/\b\w/g, (letter) => letter.toUpperCase())));
  const last = shown.pop();
  if (last === undefined) return 'only that spelling';
  return shown.length > 0 ? `or ${shown.join(', ')}, or ${last}` : `or ${last}`;
}

/** Said at the header row when a row above it also named Event Name: the analyst sees which row was taken, and why. */
function passedOverWarning(sheet: string, found: HeaderFound, header: readonly CellValue[]): Problem {
  const other = (found.passedOver ?? 0) + 1;
  const eventColumn = header.findIndex((v) => COLUMN_BY_HEADER.get(headerKey(v)) === 'eventName');
  const names = found.likeness === 3 ? 'Event Name and Property Name' : 'Event Name and another known column';
  return cellProblem(
    sheet,
    found.row,
    Math.max(0, eventColumn),
    'warning',
    `Row ${found.row + 1} is read as the header row, as it names ${names}. Row ${other} also has an Event Name cell but is read as a title above the header; if row ${other} is meant to be the header, give it a Property Name column.`,
  );
}

/** Descriptions headed by a word that says neither event nor property (Segment's editor: Name, Description, …). */
const SHARED_DESCRIPTION: ReadonlySet<string> = new Set(['description']);

/**
 * With no Event Description column, a plain `Description` column describes the event on its event rows (no Property
 * Name) and the property on property rows, as one column does in Segment's editor.
 */
function shareDescription(columns: ColumnMap, headers: HeaderRead['headers']): void {
  const header = headers.propertyDescription;
  if (columns.eventDescription !== undefined || header === undefined || !SHARED_DESCRIPTION.has(headerKey(header))) return;
  columns.eventDescription = columns.propertyDescription;
  headers.eventDescription = header;
}

/** With no Event Name column, a plain `Name` beside an Event Type column names the event on rows typed as one. */
function shareName(columns: ColumnMap, headers: HeaderRead['headers']): void {
  const header = headers.propertyName;
  if (columns.eventName !== undefined || columns.eventType === undefined || header === undefined || headerKey(header) !== 'name') return;
  columns.eventName = columns.propertyName;
  headers.eventName = header;
}
