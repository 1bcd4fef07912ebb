/**
 * A group's properties as entries: each the cells its row fills and the definition they make, read once. Including a
 * group copies the definitions into an event; a later row overriding one lays its filled cells over the group's and
 * reads the whole again, so a type changed by the override is checked against the group's other cells.
 */
import type { CellValue } from './cell-values';
import { isBlank } from './cell-values';
import type { ColumnKey } from './columns';
import type { PropertyDefinition } from './model';
import type { Severity } from './problems';
import { readPropertyCells, TypeCache } from './property-cells';
import { EventNode, insertProperty } from './property-tree';
import { RowCells, SheetCells } from './row-context';

/** The cells a property row's definition is read from. */
export const PROPERTY_KEYS: readonly ColumnKey[] = [
  'propertyDescription',
  'propertyType',
  'required',
  'allowedValues',
  'pattern',
  'min',
  'max',
  'jsonSchema',
];
/** The list flag sits after them in an overlay's row. */
const LIST = PROPERTY_KEYS.length;

interface EntryCells {
  values: Partial<Record<ColumnKey, CellValue>>;
  /** The headers the analyst wrote for them, for messages. */
  headers: Partial<Record<ColumnKey, string>>;
  list: CellValue;
  listHeader: string | undefined;
}

export interface GroupEntry {
  segments: readonly string[];
  path: string;
  cells: EntryCells;
  /** Null when its cells have an error (said at them): nothing to include. */
  definition: PropertyDefinition | null;
  /** The group whose row it is, and the row (1-based) on that row's sheet. */
  group: string;
  row: number;
  /** What reading its cells said already, so an override does not say it again. */
  said: ReadonlySet<string>;
}

/** A group row's property, read once (its problems at its cells). */
export function readEntry(sheet: SheetCells, row: RowCells, segments: readonly string[], group: string, cache: TypeCache): GroupEntry {
  const before = sheet.problems.length;
  const definition = readPropertyCells(row, segments, cache);
  const said = new Set(sheet.problems.slice(before).map((p) => p.message));
  return { segments, path: segments.join('.'), cells: cellsOf(row), definition, group, row: row.number, said };
}

function cellsOf(row: RowCells): EntryCells {
  const cells: EntryCells = { values: {}, headers: {}, list: '', listHeader: row.listFlag?.header };
  for (const key of PROPERTY_KEYS) {
    if (!row.has(key) || row.blank(key)) continue;
    cells.values[key] = row.cell(key);
    cells.headers[key] = row.header(key);
  }
  if (row.listFlag) cells.list = row.at(row.listFlag.column);
  return cells;
}

/**
 * The entry a later row makes of an included one: the group's cells with the row's filled cells over them, read as
 * one row. What goes wrong is said at the row (at the cell it filled, else at its Property Name), unless the group's
 * own row already said it.
 */
export function overrideEntry(base: GroupEntry, row: RowCells, group: string, cache: TypeCache): GroupEntry {
  const mine = cellsOf(row);
  const values = { ...base.cells.values, ...mine.values };
  const headers = { ...base.cells.headers, ...mine.headers };
  const list = isBlank(mine.list) ? base.cells.list : mine.list;
  const cells: EntryCells = { values, headers, list, listHeader: mine.listHeader ?? base.cells.listHeader };
  const sheet = new OverlaySheet(cells, row, base.said, new Set(Object.keys(mine.values) as ColumnKey[]), !isBlank(mine.list));
  const overlay = new RowCells(sheet, row.index, [...PROPERTY_KEYS.map((k) => values[k] ?? ''), list]);
  const definition = readPropertyCells(overlay, base.segments, cache);
  const said = new Set([...base.said, ...sheet.said]);
  return { segments: base.segments, path: base.path, cells, definition, group, row: row.number, said };
}

/** The row an override is read from: its problems go to the overriding row's cells. */
class OverlaySheet extends SheetCells {
  readonly said: string[] = [];

  constructor(
    cells: EntryCells,
    private readonly target: RowCells,
    private readonly known: ReadonlySet<string>,
    private readonly filled: ReadonlySet<ColumnKey>,
    private readonly filledList: boolean,
  ) {
    const columns: Partial<Record<ColumnKey, number>> = {};
    PROPERTY_KEYS.forEach((key, i) => (columns[key] = i));
    const listFlag = cells.listHeader === undefined ? undefined : { column: LIST, header: cells.listHeader };
    super([], 'overlay', { columns, headers: cells.headers, ...(listFlag && { listFlag }) });
  }

  override add(_r: number, c: number, severity: Severity, message: string): void {
    if (this.known.has(message)) return;
    this.said.push(message);
    const key = PROPERTY_KEYS[c];
    const list = this.target.listFlag;
    if (key !== undefined && this.filled.has(key)) this.target.report(key, severity, message);
    else if (c === LIST && this.filledList && list) this.target.errorAt(list.column, message);
    else this.target.report('propertyName', severity, message);
  }
}

/** A sheet whose problems go nowhere: inserting a group's copies, whose implied parents were said at the group. */
class MutedSheet extends SheetCells {
  constructor() {
    super([], 'muted', { columns: { propertyName: 0 } });
  }

  override add(): void {}
}

const MUTED = new MutedSheet();

/**
 * Puts a copy of an entry's definition into an event, saying nothing (or, in a group's trial tree, at the group's
 * `row`); the nodes it adds (the copy, and parents it implies) are marked as on `sheet` when given, so checks point
 * at the group's row.
 */
/** Inserts a copy of the entry's definition into the event; returns the nodes that were not there before. */
export function insertCopy(event: EventNode, entry: GroupEntry, sheet: string | undefined, row?: RowCells): PropertyDefinition[] {
  const definition = entry.definition;
  if (!definition) return [];
  const copy: PropertyDefinition = { ...definition };
  if (definition.items) copy.items = { ...definition.items };
  const added: string[] = [];
  let prefix = '';
  for (const segment of entry.segments) {
    prefix = prefix ? `${prefix}.${segment}` : segment;
    if (!event.byPath.has(prefix)) added.push(prefix);
  }
  insertProperty(row ?? new RowCells(MUTED, entry.row - 1, []), event, entry.segments, copy);
  if (copy.items && !event.byPath.has(copy.items.path)) {
    event.byPath.set(copy.items.path, copy.items);
    added.push(copy.items.path);
  }
  const nodes = added.map((path) => event.byPath.get(path)).filter((node): node is PropertyDefinition => node !== undefined);
  if (sheet !== undefined) for (const node of nodes) node.sheet = sheet;
  return nodes;
}

/** Gives a node an override's definition, in place (its parent and byPath keep it), with its children. */
export function replaceDefinition(node: PropertyDefinition, definition: PropertyDefinition): void {
  const { key, path, properties, items } = node;
  for (const optional of ['format', 'enum', 'pattern', 'min', 'max', 'schemaPatch', 'items', 'sheet'] as const) delete node[optional];
  Object.assign(node, definition, { key, path, properties });
  if (!node.items && items) node.items = items;
}
