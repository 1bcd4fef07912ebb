/**
 * Reads the Tracking Plan sheet (the 2-D array `Range.getValues()` returns) into a plan model: which rows are
 * events and which are properties, and in what order. The cells themselves are read by the modules beside it.
 * Never throws on cell content: everything wrong is a Problem pointing at its cell.
 */
import { RESERVED_NAMES } from '../json/json';
import {
  CellValue,
  confusableCharacter,
  containsEmoji,
  headerKey,
  invisibleCharacter,
  isBlank,
  MAX_CELL_CHARS,
  spreadsheetError,
} from './cell-values';
import { ColumnKey, EVENT_TYPES, EventType, TRACKING_PLAN_SHEET } from './columns';
import { parseVersion } from './cell-codecs';
import { NAMED_TARGETS, readEventCells, readLabelColumns } from './event-cells';
import { headerRowIndex, OwnColumns, readHeader } from './header';
import type { PropertyDefinition, TrackingPlan } from './model';
import { warnMissingDescriptions, warnNearDuplicateEvents } from './plan-warnings';
import { columnLetter, Problem, sortProblems, quoted, uniqueProblems } from './problems';
import { readPropertyCells, TypeCache } from './property-cells';
import { GroupsSheet, PropertyGroups } from './property-groups';
import { checkNesting, describeEvent, EventNode, eventNode, insertProperty, toEventDefinition } from './property-tree';
import { RowCells, SheetCells } from './row-context';
import { SourceScopes } from './sources';

export interface ParseOptions {
  sheet?: string;
  /** A missing event or property description is an error rather than a warning (Descriptions: Required). */
  descriptionsRequired?: boolean;
  /** The analyst's own columns (Importer Settings: Notes Columns, Label Columns). */
  ownColumns?: OwnColumns;
  /** The Property Groups sheet; as a function, read only when a row includes a group (live validation). */
  groups?: GroupsSheet | (() => GroupsSheet | null) | null;
  /** The sources Importer Settings names a plan for: a Sources cell naming another is a warning. */
  sources?: readonly string[];
}

export interface ParseResult {
  plan: TrackingPlan;
  problems: Problem[];
  /** The letter of each column the header names, so later checks can point at cells too. */
  columns: Partial<Record<ColumnKey, string>>;
  /** The header's row as Sheets numbers it (1 for the first), null without one: reports say it when it is not 1. */
  headerRow: number | null;
  /** Property Groups' sheet and column letters, when it was read: checks of a group's properties point there. */
  groupCells: { sheet: string; columns: Partial<Record<ColumnKey, string>> } | null;
}

const PROPERTY_LEVEL: readonly ColumnKey[] = ['propertyDescription', 'propertyType', 'required', 'allowedValues', 'pattern', 'min', 'max'];

export function parseTrackingPlan(values: readonly (readonly CellValue[])[], options: ParseOptions = {}): ParseResult {
  const sheet = options.sheet ?? TRACKING_PLAN_SHEET;
  const headerProblems: Problem[] = [];
  const header = readHeader(values, sheet, headerProblems, options.ownColumns);
  if (!header) return { plan: { events: [] }, problems: headerProblems, columns: {}, headerRow: null, groupCells: null };
  const typeCache: TypeCache = new Map();
  const descriptions = options.descriptionsRequired ? 'error' : 'warning';
  const readers = { name, path: propertyPath };
  const groups = new PropertyGroups(options.groups, readers, typeCache, { ownColumns: options.ownColumns, descriptions });
  const reader = new PlanReader(new SheetCells(values, sheet, header), typeCache, groups, new SourceScopes(options.sources));
  for (let r = header.row + 1; r < values.length; r++) {
    // A row left out of a sparse array (live validation reads only some rows) is a blank row: nothing to read.
    if (values[r] !== undefined) reader.readRow(reader.cells.row(r));
  }
  const events = reader.finish(options.descriptionsRequired ?? false);
  const problems = [...sortProblems(uniqueProblems([...headerProblems, ...reader.cells.problems])), ...groups.problems];
  const columns: ParseResult['columns'] = {};
  for (const [key, index] of Object.entries(header.columns)) columns[key as ColumnKey] = columnLetter(index);
  return { plan: { events: events.map(toEventDefinition) }, problems, columns, headerRow: header.row + 1, groupCells: groups.columns };
}

/** Whether a sheet holds anything under its header (or anything at all, without one): imports never write over it. */
export function hasPlanRows(values: readonly (readonly CellValue[])[]): boolean {
  const header = headerRowIndex(values);
  return values.slice(header === null ? 0 : header + 1).some((row) => row.some((v) => !isBlank(v)));
}

class PlanReader {
  private readonly events: EventNode[] = [];
  private readonly eventIndex = new Map<string, EventNode>();
  private readonly lastVersion = new Map<string, number>();
  /** The event that following grouped rows (no Event Name) belong to. */
  private current: EventNode | null = null;
  /** The type the last section heading named, for the rows under it that do not say. */
  private section: EventType | null = null;

  constructor(
    readonly cells: SheetCells,
    private readonly typeCache: TypeCache,
    private readonly groups: PropertyGroups,
    private readonly sources: SourceScopes,
  ) {}

  finish(descriptionsRequired: boolean): EventNode[] {
    const rowOf = (p: PropertyDefinition) => (p.sheet === undefined ? null : this.groups.rowOf(p)) ?? this.cells.row(p.row - 1);
    for (const event of this.events) event.properties.forEach((p) => checkNesting(rowOf, p));
    warnNearDuplicateEvents(this.cells, this.events);
    warnMissingDescriptions(this.cells, this.events, descriptionsRequired ? 'error' : 'warning');
    return this.events;
  }

  readRow(row: RowCells): void {
    const filled = filledColumns(row);
    if (!filled) return;
    row.checkAlternates();
    const section = sectionType(row, filled);
    if (section) {
      // `Identify (traits)`, `Track Events`: a heading for the rows below it, not an event.
      this.section = section;
      this.current = null;
      return;
    }
    const type = this.eventType(row);
    const [eventName, propertyName] = rowNames(row, type);
    const target = this.target(row, type, eventName, propertyName);
    if (!target) return;
    this.current = target;
    readEventCells(row, target, propertyName === '');
    readLabelColumns(row, target);
    if (propertyName) this.readProperty(row, target, propertyName);
    else {
      this.sources.scopeEvent(row, target);
      for (const key of PROPERTY_LEVEL) {
        if (!row.has(key) || row.blank(key) || row.shared(key, 'eventDescription')) continue;
        row.error(
          key,
          `${row.header(key)} is filled in but the row has no ${row.header('propertyName')}, so it would be lost. Add the ${row.header('propertyName')} or clear the cell.`,
        );
      }
    }
  }

  /** The row's Event Type, null when blank. */
  private eventType(row: RowCells): EventType | null {
    const text = row.text('eventType').trim();
    if (!text) return null;
    const lower = ENTITY_TYPES[headerKey(text)] ?? text.toLowerCase();
    if (lower === 'property') return null;
    let type: EventType = 'track';
    if (isEventType(lower)) type = lower;
    else row.error('eventType', `Unknown Event Type ${quoted(text)}. Use one of: ${EVENT_TYPES.join(', ')} (blank means track).`);
    return type;
  }

  /** The event a row belongs to: its own (named, or identify/group/common), or the one above for grouped rows. */
  private target(row: RowCells, type: EventType | null, eventName: string, propertyName: string): EventNode | null {
    if (type === 'identify' || type === 'group' || type === 'common') {
      if (eventName) {
        row.error(
          'eventName',
          `${type} rows take no Event Name: put ${type === 'common' ? 'the property' : 'each trait'} in Property Name, or change Event Type to track.`,
        );
      }
      return this.event(type, '', row);
    }
    const section = this.section;
    if (eventName)
      return this.event(type ?? (section && NAMED_TARGETS.has(section) ? section : 'track'), eventName, row, this.version(row, eventName));
    if (!this.current && !type && (section === 'identify' || section === 'group' || section === 'common'))
      return this.event(section, '', row);
    const target = this.current;
    if (!target) {
      this.orphan(row, propertyName);
      return null;
    }
    if (type && type !== target.type) {
      row.error(
        'eventType',
        `Event Type says ${type}, but this row has no Event Name and so belongs to ${describeEvent(target)} (row ${target.row}). Give the row its own Event Name, or fix the type.`,
      );
    }
    return target;
  }

  /** A row before any event: reported, and still read into a throwaway event so all its problems show at once. */
  private orphan(row: RowCells, propertyName: string): void {
    if (!propertyName) {
      row.error(
        'eventName',
        'This row has values but no Event Name or Property Name, so they belong to nothing. Fill in the Event Name (or Property Name), or clear the row.',
      );
      return;
    }
    row.error('propertyName', `Property ${quoted(propertyName)} has no event: put an Event Name on this row or on a row above it.`);
    this.readProperty(row, eventNode(row.index), propertyName);
  }

  /**
   * The version a named row's block is: its Version cell, else the version of the last block of that name (a
   * second row for the same event adds to it), else 1. Each version of an event is a block, and a rule, of its own.
   */
  private version(row: RowCells, eventName: string): number {
    const parsed = parseVersion(row.text('version').trim());
    if (!row.blank('version') && 'value' in parsed) return parsed.value;
    return this.lastVersion.get(eventName) ?? 1;
  }

  private event(type: EventType, eventName: string, row: RowCells, version = 1): EventNode {
    const id = `${type}\u0000${eventName}\u0000${version}`;
    let event = this.eventIndex.get(id);
    if (!event) {
      event = eventNode(row.index, type, eventName);
      this.eventIndex.set(id, event);
      this.events.push(event);
    }
    if (eventName) this.lastVersion.set(eventName, version);
    return event;
  }

  private readProperty(row: RowCells, event: EventNode, rawPath: string): void {
    // `@Product` includes group Product; a later row for one of its properties overrides the cells it fills. A
    // property whose name starts with @ is written \@name.
    if (rawPath.startsWith('@')) {
      // The @ row's Sources cell scopes every property the group brings, as it would one property.
      this.sources.scopeIncluded(row, this.groups.include(row, event, rawPath));
      return;
    }
    const segments = propertyPath(row, rawPath.startsWith('\\@') ? rawPath.slice(1) : rawPath);
    if (!segments) return;
    if (this.groups.override(row, event, segments)) return;
    const definition = readPropertyCells(row, segments, this.typeCache);
    if (!definition || !this.sources.scopeProperty(row, event, definition)) return;
    insertProperty(row, event, segments, definition);
    // A list flag's items are a property of the event too, as a `list.$` row's would be.
    if (definition.items && !event.byPath.has(definition.items.path)) event.byPath.set(definition.items.path, definition.items);
  }
}

/**
 * The columns a row fills, or null for a blank row and for one with a cell Sheets could not compute or hold
 * (reported). One pass over the row's cells serves both this and the section-heading check.
 */
function filledColumns(row: RowCells): ColumnKey[] | null {
  const filled: ColumnKey[] = [];
  let broken = false;
  for (const [key, column] of row.mapped) {
    const value = row.at(column);
    if (isBlank(value)) continue;
    filled.push(key);
    const error = spreadsheetError(value);
    if (error) {
      broken = true;
      row.error(key, `The cell shows the spreadsheet error ${error}. Fix the formula or type the value in.`);
    }
    const length = typeof value === 'string' ? value.length : 0;
    if (length > MAX_CELL_CHARS) {
      broken = true;
      row.error(
        key,
        `The cell holds ${length.toLocaleString('en-US')} characters; a Google Sheets cell holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')}. Shorten it.`,
      );
    }
  }
  return filled.length > 0 && !broken ? filled : null;
}

/**
 * The row's Event Name and Property Name. One Name column serving both (beside an Event Type column) names the event
 * on rows typed track, page or screen, and the property (or trait) on the others.
 */
function rowNames(row: RowCells, type: EventType | null): [string, string] {
  if (!row.shared('eventName', 'propertyName')) return [name(row, 'eventName'), name(row, 'propertyName')];
  if (type !== null && NAMED_TARGETS.has(type)) return [name(row, 'eventName'), ''];
  return ['', name(row, 'propertyName')];
}

function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}

/** A name cell, trimmed; problems for line breaks, emoji and surrounding spaces. */
function name(row: RowCells, key: ColumnKey): string {
  const raw = row.text(key);
  const header = row.header(key);
  const trimmed = raw.trim();
  if (!trimmed) return '';
  if (/[\r\n]/.test(trimmed)) {
    const shown = trimmed
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .join('⏎');
    row.error(key, `${header} ${quoted(shown)} contains a line break. Names must be on one line.`);
  }
  if (containsEmoji(trimmed))
    row.error(key, `${header} ${quoted(trimmed)} contains an emoji, which Segment rejects in tracking plans. Remove it.`);
  const hidden = invisibleCharacter(trimmed) ?? confusableCharacter(trimmed);
  if (hidden) {
    row.error(key, `${header} ${quoted(trimmed)} contains ${hidden}: the name your code sends would never match it. Retype the name.`);
  }
  if (raw !== trimmed) row.warning(key, `${header} ${quoted(trimmed)} has spaces around it; they are removed.`);
  return trimmed;
}

/** A Property Name as path segments (`products[].sku` is `products.$.sku`), or null when it cannot be one. */
function propertyPath(row: RowCells, rawPath: string): string[] | null {
  // Most names are one plain segment: no split, no trimming of parts.
  if (!/[.[$]/.test(rawPath) && !RESERVED_NAMES.has(rawPath)) return [rawPath];
  const path = rawPath.includes('[]') ? rawPath.replace(/\[\]/g, '.$') : rawPath;
  const segments = path.split('.').map((s) => s.trim());
  const reserved = segments.find((s) => RESERVED_NAMES.has(s));
  if (segments.some((s) => s === '')) {
    row.error(
      'propertyName',
      `Property Name ${quoted(rawPath)} has an empty part (two dots in a row, or a dot at either end). Write nested names as parent.child.`,
    );
  } else if (reserved) {
    row.error(
      'propertyName',
      `Property Name ${quoted(rawPath)} uses ${quoted(reserved)}, a name JavaScript gives every object: validators and analytics libraries mishandle it. Rename the property.`,
    );
  } else if (segments[0] === '$') {
    row.error(
      'propertyName',
      `Property Name ${quoted(rawPath)} starts with $, but $ means "the items of the array before it". Name the array first: list.$`,
    );
  } else return segments;
  return null;
}

/**
 * Other tools' words for what a row is (Amplitude's Object Type, Mixpanel's Entity Type): `property` means a row of
 * the event above, like a blank Event Type.
 */
const ENTITY_TYPES: Readonly<Record<string, EventType | 'property'>> = {
  global: 'common',
  event: 'track',
  'event property': 'property',
  'user property': 'identify',
  user: 'identify',
  profile: 'identify',
  'profile property': 'identify',
  'group property': 'group',
};

/** The rule an Event Type cell makes its row one of (identify, group or common, in any tool's words), else null. */
export function ruleOfType(text: string): 'identify' | 'group' | 'common' | null {
  const key = headerKey(text);
  const type = ENTITY_TYPES[key] ?? key;
  return type === 'identify' || type === 'group' || type === 'common' ? type : null;
}

const SECTION = /^(identify|group|track|page|screen|common|global)\b\s*[(:-]?\s*(traits?|events?|calls?|properties|rules)?\s*\)?\s*:?$/i;

/**
 * The type a section heading names (Segment's old Sheets template has `Identify (traits)` above the traits): a row
 * whose only cell is its Event Name (or Event Type), reading a call type.
 */
function sectionType(row: RowCells, filled: readonly ColumnKey[]): EventType | null {
  if (filled.length !== 1 || (filled[0] !== 'eventName' && filled[0] !== 'eventType')) return null;
  return sectionHeading(row.text(filled[0]), filled[0]);
}

/**
 * The call type a heading's one cell names (`Identify (traits)`), or null when the text is no heading: live
 * validation asks this of a cell alone, to know which rows might be headings without reading them whole.
 */
export function sectionHeading(cell: string, column: 'eventName' | 'eventType'): EventType | null {
  const text = cell.trim();
  const m = SECTION.exec(text);
  if (!m || (column === 'eventName' && !/[\s(:-]|^(identify|group|common|global)$/i.test(text))) return null;
  const word = (m[1] ?? '').toLowerCase();
  return (word === 'global' ? 'common' : word) as EventType;
}
