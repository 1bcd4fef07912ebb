/**
 * The Property Groups sheet: properties many events share (a product's fields, page context), written once under a
 * Group name with the Tracking Plan's property columns. A plan row whose Property Name is `@Product` includes group
 * Product; groups include groups the same way. Each group row is read once, and what is wrong with it is said at its
 * cell, however many events include it.
 */
import type { CellValue } from './cell-values';
import { cellText, headerKey, isBlank, spreadsheetError } from './cell-values';
import { nearestName } from './cell-codecs';
import type { ColumnKey } from './columns';
import { GroupEntry, insertCopy, overrideEntry, PROPERTY_KEYS, readEntry, replaceDefinition } from './group-entries';
import { HEADER_SEARCH_ROWS, OwnColumns, readHeader } from './header';
import type { PropertyDefinition } from './model';
import { warnMissingDescriptions } from './plan-warnings';
import { cellProblem, columnLetter, Problem, quoted, sheetProblem, Severity, sortProblems, uniqueProblems } from './problems';
import type { TypeCache } from './property-cells';
import { checkNesting, EventNode, eventNode, propertySignature } from './property-tree';
import { RowCells, SheetCells } from './row-context';

export const PROPERTY_GROUPS_SHEET = 'Property Groups';

export interface GroupsSheet {
  sheet: string;
  values: readonly (readonly CellValue[])[];
}

/** How the plan reads a name cell and a property path (with their checks), handed in so the two modules stay apart. */
export interface NameReaders {
  name(row: RowCells, key: ColumnKey): string;
  path(row: RowCells, raw: string): string[] | null;
}

/** The headers of the Group column. */
const GROUP_HEADERS: ReadonlySet<string> = new Set(['group', 'group name', 'property group', 'property group name']);

/** Event columns mean nothing in a group, which holds properties. */
const EVENT_KEYS: readonly ColumnKey[] = ['eventType', 'eventDescription', 'labels', 'version'];

interface Group {
  name: string;
  rows: Array<{ row: RowCells; name: string }>;
}

export class PropertyGroups {
  private cells: SheetCells | null = null;
  private readonly headerProblems: Problem[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly resolved = new Map<string, GroupEntry[]>();
  /** Per event, the entries its `@` rows brought, by path: the ones a later row of the event may override. */
  private readonly included = new Map<EventNode, Map<string, GroupEntry>>();
  private loaded = false;

  constructor(
    private readonly source: GroupsSheet | (() => GroupsSheet | null) | null | undefined,
    private readonly readers: NameReaders,
    private readonly cache: TypeCache,
    private readonly options: { ownColumns?: OwnColumns; descriptions: Severity },
  ) {
    // A sheet given as values is read whole now, so its problems are said even where no event includes a group.
    if (source && typeof source !== 'function') this.load();
  }

  /** Every problem of the Property Groups sheet, each once. */
  get problems(): Problem[] {
    return sortProblems(uniqueProblems([...this.headerProblems, ...(this.cells?.problems ?? [])]));
  }

  /** The letters of the sheet's columns, for checks made after reading. */
  get columns(): { sheet: string; columns: Partial<Record<ColumnKey, string>> } | null {
    const cells = this.cells;
    if (!cells) return null;
    const columns: Partial<Record<ColumnKey, string>> = {};
    for (const [key, index] of Object.entries(cells.columns)) if (index !== undefined) columns[key as ColumnKey] = columnLetter(index);
    return { sheet: cells.sheet, columns };
  }

  /** The row that defines a property a group brought, on Property Groups. */
  rowOf(p: PropertyDefinition): RowCells | null {
    return this.cells ? this.cells.row(p.row - 1) : null;
  }

  /** A plan row naming `@Group` (`raw` starts with @): the group's properties join the event; returns those new to it. */
  include(row: RowCells, event: EventNode, raw: string): PropertyDefinition[] {
    const name = raw.slice(1).trim();
    includesWhole(row, raw);
    this.load();
    const cells = this.cells;
    if (!cells) {
      row.error(
        'propertyName',
        `${quoted(raw)} names a property group, but this spreadsheet has no ${PROPERTY_GROUPS_SHEET} sheet. Add one (Segment > Set up sheets) with a Group column; for a property whose name starts with @, write \\${raw}.`,
      );
      return [];
    }
    const entries = this.entriesOf(name, row, []);
    if (!entries) return [];
    const brought: PropertyDefinition[] = [];
    let mine = this.included.get(event);
    if (!mine) this.included.set(event, (mine = new Map<string, GroupEntry>()));
    for (const entry of entries) {
      const existing = event.byPath.get(entry.path);
      if (existing && !existing.implicit) {
        if (entry.definition && differs(existing, entry.definition))
          row.error('propertyName', conflict(name, entry, existing, cells.sheet));
        continue;
      }
      brought.push(...insertCopy(event, entry, cells.sheet));
      mine.set(entry.path, entry);
    }
    return brought;
  }

  /** A plan row for a property an `@` row of the same event brought: its filled cells override the group's. */
  override(row: RowCells, event: EventNode, segments: readonly string[]): boolean {
    // Most plans include no group: their 100,000 property rows skip the look-up.
    if (this.included.size === 0) return false;
    const path = segments.join('.');
    const base = this.included.get(event)?.get(path);
    if (!base) return false;
    this.included.get(event)?.delete(path);
    const entry = overrideEntry(base, row, '', this.cache);
    const node = event.byPath.get(path);
    if (!entry.definition) return true;
    if (node) replaceDefinition(node, entry.definition);
    else insertCopy(event, entry, undefined);
    return true;
  }

  /** Reads the sheet, once: its header, its groups, and every group's properties (their problems said). */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const source = typeof this.source === 'function' ? this.source() : this.source;
    if (!source) return;
    const cells = readGroupsHeader(source, this.headerProblems, this.options.ownColumns);
    if (!cells) return;
    this.cells = cells;
    const header = cells.headerRow;
    let current: Group | null = null;
    for (let r = header + 1; r < source.values.length; r++) {
      if (source.values[r] === undefined) continue;
      const row = cells.row(r);
      if (row.mapped.every(([, c]) => isBlank(row.at(c))) || brokenCell(row)) continue;
      row.checkAlternates();
      const groupName = this.readers.name(row, 'eventName');
      if (groupName) current = this.group(groupName);
      const propertyName = this.readers.name(row, 'propertyName');
      if (!propertyName) {
        unnamed(row);
        continue;
      }
      if (!current) {
        row.error('propertyName', `Property ${quoted(propertyName)} has no group: put a Group name on this row or on a row above it.`);
        continue;
      }
      current.rows.push({ row, name: propertyName });
    }
    const trials: EventNode[] = [];
    for (const group of this.groups.values()) trials.push(this.trial(group));
    for (const trial of trials) trial.properties.forEach((p) => checkNesting((q) => cells.row(q.row - 1), p));
    warnMissingDescriptions(cells, trials, this.options.descriptions);
  }

  private group(name: string): Group {
    let group = this.groups.get(name);
    if (!group) this.groups.set(name, (group = { name, rows: [] }));
    return group;
  }

  /** A group's properties laid out as an event's would be, to say once what is wrong with them. */
  private trial(group: Group): EventNode {
    const node = eventNode(group.rows[0]?.row.index ?? 0, 'common');
    // What a group's paths imply (a parent no row defines) is said here, at the group's rows, and nowhere else.
    const cells = this.cells as SheetCells;
    for (const entry of this.resolve(group, [])) insertCopy(node, entry, undefined, cells.row(entry.row - 1));
    return node;
  }

  /** The group's entries, or null after saying at the row why there are none (an unknown name, a cycle). */
  private entriesOf(name: string, row: RowCells, stack: readonly string[]): GroupEntry[] | null {
    const group = this.groups.get(name);
    if (!group) {
      const near = nearestName(name, [...this.groups.keys()]);
      row.error(
        'propertyName',
        `There is no group ${quoted(name)} in ${PROPERTY_GROUPS_SHEET}.${near ? ` Did you mean ${near}?` : ` Add it there, or fix the name (a property whose name starts with @ is written \\@${name}).`}`,
      );
      return null;
    }
    if (stack.includes(name)) {
      const cycle = [...stack.slice(stack.indexOf(name)), name].join(' → ');
      row.error('propertyName', `Group ${name} includes itself: ${cycle}. Remove one of these inclusions.`);
      return null;
    }
    return this.resolve(group, stack);
  }

  /**
   * A group's entries in row order, its inclusions expanded: an own row for a property an inclusion brought
   * overrides it, two own rows of one property must agree (said by the trial), and two inclusions too.
   */
  private resolve(group: Group, stack: readonly string[]): GroupEntry[] {
    const done = this.resolved.get(group.name);
    if (done) return done;
    const cells = this.cells as SheetCells;
    const entries = new Map<string, GroupEntry>();
    const inner = [...stack, group.name];
    for (const { row, name } of group.rows) {
      if (name.startsWith('@')) {
        includesWhole(row, name);
        const included = this.entriesOf(name.slice(1).trim(), row, inner) ?? [];
        for (const entry of included) {
          const before = entries.get(entry.path);
          if (!before) entries.set(entry.path, entry);
          else if (before.definition && entry.definition && differs(before.definition, entry.definition)) {
            const first = { ...before.definition, row: before.row, sheet: cells.sheet };
            row.error('propertyName', conflict(name.slice(1).trim(), entry, first, cells.sheet));
          }
        }
        continue;
      }
      const segments = this.readers.path(row, name);
      if (!segments) continue;
      const path = segments.join('.');
      const before = entries.get(path);
      if (before && before.group !== group.name) entries.set(path, overrideEntry(before, row, group.name, this.cache));
      else if (!before) entries.set(path, readEntry(cells, row, segments, group.name, this.cache));
      else {
        const again = readEntry(cells, row, segments, group.name, this.cache).definition;
        if (before.definition && again && differs(before.definition, again)) {
          row.error(
            'propertyName',
            `${quoted(path)} is already defined in row ${before.row} differently. Define each property once per group, or make the rows agree.`,
          );
        }
      }
    }
    const list = [...entries.values()];
    this.resolved.set(group.name, list);
    return list;
  }
}

/** A cell Sheets could not compute makes its row unusable, as on the plan (said at the cell). */
function brokenCell(row: RowCells): boolean {
  let broken = false;
  for (const [, column] of row.mapped) {
    const error = spreadsheetError(row.at(column));
    if (!error) continue;
    broken = true;
    row.errorAt(column, `The cell shows the spreadsheet error ${error}. Fix the formula or type the value in.`);
  }
  return broken;
}

/** A group row's property cells without a Property Name would be lost, as on the plan's rows. */
function unnamed(row: RowCells): void {
  for (const key of PROPERTY_KEYS) {
    if (!row.has(key) || row.blank(key)) continue;
    row.error(
      key,
      `${row.header(key)} is filled in but the row has no ${row.header('propertyName')}, so it would be lost. Add the ${row.header('propertyName')} or clear the cell.`,
    );
  }
}

/** An `@` row's other property cells would be lost: overrides go on rows of their own. */
function includesWhole(row: RowCells, raw: string): void {
  for (const key of PROPERTY_KEYS) {
    if (!row.has(key) || row.blank(key)) continue;
    row.error(
      key,
      `${row.header(key)} is filled in on the ${raw} row, which includes the group as it is. Put what differs on a row of its own after it, with the property’s name.`,
    );
  }
}

/** Whether a group's definition disagrees with one already there (a description differs only when both have one). */
function differs(a: PropertyDefinition, b: PropertyDefinition): boolean {
  return propertySignature(a) !== propertySignature(b) || (a.description !== '' && b.description !== '' && a.description !== b.description);
}

function conflict(group: string, entry: GroupEntry, existing: PropertyDefinition, sheet: string): string {
  const said = `@${group} includes ${quoted(entry.path)} (${sheet} row ${entry.row}), which`;
  if (existing.sheet !== undefined)
    return `${said} ${existing.sheet} row ${existing.row} defines differently. Make the two rows agree, or keep the property in one group only.`;
  return `${said} row ${existing.row} defines differently. Put the event’s own row after @${group} to override the group’s cells it fills, or make them agree.`;
}

interface GroupsCells extends SheetCells {
  headerRow: number;
}

/**
 * The header of Property Groups, found and read as the plan's is (same spellings, alternates, list flag, the
 * analyst's own columns), with its Group column where the plan has Event Name.
 */
function readGroupsHeader(source: GroupsSheet, problems: Problem[], own: OwnColumns | undefined): GroupsCells | null {
  const groupHeaders = new Map<number, string>();
  const probe = source.values.map((row, r) =>
    r >= HEADER_SEARCH_ROWS
      ? row
      : row.map((value) => {
          if (!GROUP_HEADERS.has(headerKey(value))) return value;
          groupHeaders.set(r, cellText(value).trim());
          return 'Event Name';
        }),
  );
  const found: Problem[] = [];
  const header = readHeader(probe, source.sheet, found, own);
  const groupHeader = header ? groupHeaders.get(header.row) : undefined;
  if (!header || groupHeader === undefined) {
    problems.push(
      sheetProblem(
        source.sheet,
        'error',
        `No header row found: none of the first ${HEADER_SEARCH_ROWS} rows has a cell reading "Group" beside a Property Name cell. Add a header row (Group, Property Name, Property Type, ...) above the groups.`,
      ),
    );
    return null;
  }
  problems.push(...found);
  const columns = { ...header.columns };
  const shared = columns.eventDescription === columns.propertyDescription;
  for (const key of EVENT_KEYS) {
    const c = columns[key];
    if (c === undefined || (key === 'eventDescription' && shared)) continue;
    delete columns[key];
    const message = `Column ${quoted(header.headers[key] ?? key)} is not read in ${PROPERTY_GROUPS_SHEET}: a group holds properties, not events. Delete it.`;
    problems.push(cellProblem(source.sheet, header.row, c, 'warning', message));
  }
  const cells = new SheetCells(source.values, source.sheet, {
    ...header,
    columns,
    headers: { ...header.headers, eventName: groupHeader },
    labelColumns: [],
  });
  return Object.assign(cells, { headerRow: header.row });
}
