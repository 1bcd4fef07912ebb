/**
 * The tracking plan model as Tracking Plan sheet rows (header first), in the grouped layout the template uses:
 * an event row, then one row per property, parents before their children.
 */
import { COLUMNS, ColumnKey } from './columns';
import type { EnumValue, PropertyDefinition, TrackingPlan } from './model';

export type SheetCell = string | number | boolean;

const INDEX = new Map<ColumnKey, number>(COLUMNS.map((c, i) => [c.key, i]));

/** The Sources column, after the others, written only when some event or property is scoped to sources. */
const SOURCES = COLUMNS.length;

export function planToRows(plan: TrackingPlan): SheetCell[][] {
  const width = plan.events.some((e) => e.sources || e.properties.some(scoped)) ? COLUMNS.length + 1 : COLUMNS.length;
  const blankRow = () => new Array<SheetCell>(width).fill('');
  const rows: SheetCell[][] = [width > COLUMNS.length ? [...COLUMNS.map((c) => c.header), 'Sources'] : COLUMNS.map((c) => c.header)];
  for (const event of plan.events) {
    const eventRow = blankRow();
    if (event.sources) eventRow[SOURCES] = event.sources.join(', ');
    set(eventRow, 'eventType', event.type === 'track' ? '' : event.type);
    set(eventRow, 'eventName', event.name);
    set(eventRow, 'eventDescription', event.description);
    set(eventRow, 'labels', event.labels.map(([k, v]) => `${k}:${v}`).join(', '));
    if (event.version !== 1) set(eventRow, 'version', event.version);
    if (event.schemaPatch) set(eventRow, 'jsonSchema', JSON.stringify(event.schemaPatch));
    const propertyRows: SheetCell[][] = [];
    for (const property of event.properties) writeProperty(property, propertyRows, blankRow);
    const [first] = propertyRows;
    if (event.name || event.description || event.schemaPatch || !first) rows.push(eventRow);
    // identify/group/common with no description: the first property row carries the Event Type.
    else set(first, 'eventType', event.type);
    rows.push(...propertyRows);
  }
  return rows;
}

/** Whether the property, or one under it, is scoped to sources. */
function scoped(p: PropertyDefinition): boolean {
  return p.sources !== undefined || p.properties.some(scoped) || (p.items !== undefined && scoped(p.items));
}

function writeProperty(property: PropertyDefinition, rows: SheetCell[][], blankRow: () => SheetCell[]): void {
  if (!property.implicit) {
    const row = blankRow();
    if (property.sources) row[SOURCES] = property.sources.join(', ');
    // A name starting with @ would include a property group: `\@handle` is the property @handle.
    set(row, 'propertyName', property.path.startsWith('@') ? `\\${property.path}` : property.path);
    set(row, 'propertyDescription', property.description);
    set(row, 'propertyType', typeText(property));
    if (property.required) set(row, 'required', true);
    if (property.enum) set(row, 'allowedValues', enumText(property.enum.filter((v) => v !== null || !property.types.includes('null'))));
    if (property.pattern !== undefined) set(row, 'pattern', property.pattern);
    if (property.min !== undefined) set(row, 'min', property.min);
    if (property.max !== undefined) set(row, 'max', property.max);
    if (property.schemaPatch) set(row, 'jsonSchema', JSON.stringify(property.schemaPatch));
    rows.push(row);
  }
  for (const child of property.properties) writeProperty(child, rows, blankRow);
  if (property.items) writeProperty(property.items, rows, blankRow);
}

function typeText(property: PropertyDefinition): string {
  if (property.types.length === 0) return 'any';
  return property.types.map((t) => (t === 'string' && property.format === 'date-time' ? 'date-time' : t)).join(', ');
}

/** Comma-separated, unless a value holds a comma: then one value per line. */
/**
 * Allowed values as a cell, as the parser reads it back: comma-separated, or one per line when a value holds a
 * comma or a pipe; a value holding a pipe or starting or ending with a quote is quoted.
 */
export function enumText(values: readonly EnumValue[]): string {
  const texts = values.map((v) => (v === null ? 'null' : String(v)));
  const lines = texts.length > 1 && texts.some((t) => /[,|]/.test(t));
  const quote = (t: string) => /^["'“‘]|["'”’]$/.test(t) || (!lines && /[,|]/.test(t));
  return texts.map((t) => (quote(t) ? `"${t.replace(/"/g, '""')}"` : t)).join(lines ? '\n' : ', ');
}

function set(row: SheetCell[], key: ColumnKey, value: SheetCell): void {
  row[INDEX.get(key) as number] = value;
}
