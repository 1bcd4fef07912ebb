/**
 * Taking Segment's side of some rules into the Tracking Plan grid: each taken event's block of rows is replaced by the
 * rows Segment's rule gives (as an import writes them), in place, keeping the analyst's own cells (Owner, Notes,
 * Sources, …) on the rows that stay; a new event goes after the one it follows in Segment, a removed one's rows go.
 */
import { CellValue, cellText } from '../plan/cell-values';
import { COLUMNS, ColumnKey } from '../plan/columns';
import { readHeader } from '../plan/header';
import type { OwnColumns } from '../plan/header';
import type { EventDefinition, PropertyDefinition } from '../plan/model';
import { parseTrackingPlan } from '../plan/parse-plan';
import { planToRows } from '../plan/write-plan';
import { readRules } from './read-rules';
import { PublicRule, ruleId } from './rules';
import type { RuleEdit } from './three-way';

/** A rule to take from Segment: its rule there (null: Segment removed it), and the rule it follows there. */
export interface TakenRule {
  id: string;
  rule: PublicRule | null;
  after: string | null;
}

/** The edits to take, each with the rule it follows in Segment's list (where a new event goes in the sheet). */
export function takenRules(taken: readonly RuleEdit[], remote: readonly PublicRule[]): TakenRule[] {
  const before = new Map<string, string | null>();
  let previous: string | null = null;
  for (const rule of remote) {
    const id = ruleId(rule);
    before.set(id, previous);
    previous = id;
  }
  return taken.map((e) => ({ id: e.id, rule: e.remote, after: before.get(e.id) ?? null }));
}

export type GridCell = string | number | boolean | Date;

/** The rewritten grid from its first changed row (0-based) down, as tall as the old grid's rest or the new one's. */
export type GridRewrite = { start: number; rows: GridCell[][] } | { error: string };

interface Block {
  id: string;
  /** How messages name it: `Order Completed`, `Order Completed v2`, `identify`. */
  label: string;
  start: number;
  end: number;
}

function propertyRows(properties: readonly PropertyDefinition[], out: number[]): number[] {
  for (const p of properties) {
    // Rows a property group brings live on another sheet.
    if (!p.implicit && !p.sheet) out.push(p.row);
    propertyRows(p.properties, out);
    if (p.items) propertyRows([p.items], out);
  }
  return out;
}

function blockOf(event: EventDefinition): Block {
  const id = ruleId({ type: event.type.toUpperCase() as PublicRule['type'], key: event.name || undefined, version: event.version });
  const rows = propertyRows(event.properties, [event.row]);
  const label = `${event.name || event.type}${event.version > 1 ? ` v${event.version}` : ''}`;
  return { id, label, start: event.row - 1, end: Math.max(...rows) - 1 };
}

const CANONICAL = new Map<ColumnKey, number>(COLUMNS.map((c, i) => [c.key, i]));

/** The rows Segment's rule gives, laid out in the sheet's own columns; a value with no column is named. */
function ruleRows(rule: PublicRule, columns: Partial<Record<ColumnKey, number>>, width: number, lost: Set<string>): GridCell[][] {
  const [, ...rows] = planToRows(readRules([rule]));
  return rows.map((canonical) => {
    const row = new Array<GridCell>(width).fill('');
    for (const [key, at] of CANONICAL) {
      const value = canonical[at];
      if (value === undefined || value === '') continue;
      const column = columns[key];
      if (column === undefined) lost.add(COLUMNS[at]?.header ?? key);
      else row[column] = value;
    }
    return row;
  });
}

/**
 * Why a block cannot be replaced whole, or null. Its rows run from the event's row to its last property row: when
 * the event is written twice, other events' rows lie between, and would go with it; an `@Group` row in it would be
 * written out as the group's properties, losing the inclusion.
 */
function unsafeBlock(
  block: Block,
  blocks: readonly Block[],
  grid: readonly GridCell[][],
  columns: { name: number; event?: number },
): string | null {
  const nameColumn = columns.name;
  const inside = blocks.find((b) => b.start > block.start && b.start <= block.end);
  if (inside) {
    const again: number[] = [];
    const eventColumn = columns.event;
    for (let r = block.start + 1; eventColumn !== undefined && r <= block.end; r++)
      if (String(grid[r]?.[eventColumn] ?? '').trim() === String(grid[block.start]?.[eventColumn] ?? '').trim()) again.push(r + 1);
    const rows = again.length > 0 ? `rows ${block.start + 1} and ${again.join(', ')}` : `rows ${block.start + 1}–${block.end + 1}`;
    return `${block.label} is written in more than one block (${rows}), with other events between them: put its rows together, then take again`;
  }
  const next = Math.min(grid.length, ...blocks.filter((b) => b.start > block.start).map((b) => b.start));
  for (let r = block.start + 1; r < next; r++) {
    if (/^\s*@/.test(String(grid[r]?.[nameColumn] ?? '')))
      return `${block.label} includes a property group (row ${r + 1}): taking it would write the group’s properties out as rows of its own. Make the change in the sheet by hand`;
  }
  return null;
}

/** Rewrites the grid (header included, as getValues reads it) with Segment's side of each taken rule. */
export function rewriteGrid(values: readonly (readonly CellValue[])[], taken: readonly TakenRule[], own: OwnColumns = {}): GridRewrite {
  const header = readHeader(values, 'Tracking Plan', [], own);
  if (!header) return { error: 'the Tracking Plan sheet has no header row with Event Name and Property Name' };
  const width = Math.max(...values.map((r) => r.length));
  const grid: GridCell[][] = values.map((r) => Array.from({ length: width }, (_, c) => cell(r[c])));
  const blocks = parseTrackingPlan(values, { ownColumns: own }).plan.events.map(blockOf);
  const defining = new Set<number>([...Object.values(header.columns), ...Object.values(header.alternates).flat()]);
  const nameColumn = header.columns.propertyName as number;
  const lost = new Set<string>();
  let start = grid.length;
  // From the bottom up, so each block's rows are where the parse found them.
  const placed = taken.map((t) => ({ t, block: blocks.find((b) => b.id === t.id) }));
  const existing = placed.filter((p) => p.block).sort((a, b) => (b.block as Block).start - (a.block as Block).start);
  const refused = existing
    .map((p) => unsafeBlock(p.block as Block, blocks, grid, { name: nameColumn, event: header.columns.eventName }))
    .find((why) => why !== null);
  if (refused) return { error: refused };
  for (const { t, block } of existing) {
    const { start: from, end } = block as Block;
    const rows = t.rule ? keepOwnCells(grid.slice(from, end + 1), ruleRows(t.rule, header.columns, width, lost), defining, nameColumn) : [];
    grid.splice(from, end - from + 1, ...rows);
    start = Math.min(start, from);
  }
  for (const { t } of placed.filter((p) => !p.block && p.t.rule)) {
    const rows = ruleRows(t.rule as PublicRule, header.columns, width, lost);
    const at = insertionRow(grid, t.after, header.row, own);
    grid.splice(at, 0, ...rows);
    start = Math.min(start, at);
  }
  if (lost.size > 0) return { error: `the Tracking Plan sheet has no ${[...lost].join(', ')} column, and Segment's rules need it` };
  const height = Math.max(grid.length, values.length);
  const blank = () => new Array<GridCell>(width).fill('');
  const rows = Array.from({ length: height - start }, (_, i) => grid[start + i] ?? blank());
  // Rows that neither changed nor moved are left out of the write: their cells (formulas included) stay as they are.
  while (rows.length > 0 && sameRow(rows[rows.length - 1] ?? [], values[start + rows.length - 1] ?? [])) rows.pop();
  return { start, rows };
}

function sameRow(row: readonly GridCell[], old: readonly CellValue[]): boolean {
  return row.every((value, c) => value === cell(old[c]) || (value instanceof Date && String(value) === String(old[c])));
}

function cell(value: CellValue): GridCell {
  return value === null || value === undefined ? '' : value;
}

/** Each new row keeps the analyst's own cells of the old row it stands for (the event's row, or a property's by name). */
function keepOwnCells(old: GridCell[][], fresh: GridCell[][], defining: ReadonlySet<number>, nameColumn: number): GridCell[][] {
  const byName = new Map<string, GridCell[]>();
  for (const row of old) {
    const name = cellText(row[nameColumn]).trim();
    if (!byName.has(name)) byName.set(name, row);
  }
  return fresh.map((row) => {
    const was = byName.get(cellText(row[nameColumn]).trim());
    if (!was) return row;
    return row.map((value, c) => (defining.has(c) ? value : (was[c] ?? '')));
  });
}

/** Right after the block of the event it follows in Segment, when the sheet has it; else after the last filled row. */
function insertionRow(grid: readonly GridCell[][], after: string | null, headerRow: number, own: OwnColumns): number {
  const now = parseTrackingPlan(grid, { ownColumns: own }).plan.events.map(blockOf);
  const previous = after ? now.find((b) => b.id === after) : undefined;
  if (previous) return previous.end + 1;
  let last = grid.length - 1;
  while (last > headerRow && grid[last]?.every((v) => v === '')) last--;
  return last + 1;
}
