/**
 * Tracking Plan rows inferred from real calls, for what the plan lacks: an unplanned event gets an event row and a
 * row per property, a planned one a row per property its rule does not name. Every sample counts: a property's
 * types are all the types it came with (`string, null`), it is Required when every call (or every parent object)
 * carried it, and its description holds an example for the analyst to rewrite. Calls are added one at a time, so
 * a file of any length is read in memory that grows with its distinct paths only.
 */
import { hasOwn, isJsonObject, JsonObject, JsonValue, RESERVED_NAMES } from '../json/json';
import { CellValue, containsEmoji } from '../plan/cell-values';
import type { ColumnKey, EventType } from '../plan/columns';
import type { EventDefinition, PropertyDefinition, TrackingPlan } from '../plan/model';
import { PLACEHOLDER_DESCRIPTION } from '../plan/plan-warnings';
import { CallChecker } from './check-calls';
import { isDateTime } from './date-time';
import { rowsCanStandFor } from './not-in-plan';
import type { Call } from './read-calls';
import { shortJson } from './shown';

export interface InferredRow {
  /** `track` written out (a blank type under a `Page Events` heading would make the row a page). '' on grouped rows. */
  eventType: EventType | '';
  eventName: string;
  eventDescription: string;
  /** `address.city`, `products.$.sku`; '' on an event row. */
  propertyName: string;
  propertyDescription: string;
  propertyType: string;
  required: boolean;
  /** Set when the event has several versions in the plan, so the row joins the one its calls were checked against. */
  version: number | null;
}

/** The row as cells by column, as a sheet holds them (a blank Required, not FALSE). */
export function inferredCells(row: InferredRow): Partial<Record<ColumnKey, CellValue>> {
  return {
    eventType: row.eventType,
    eventName: row.eventName,
    eventDescription: row.eventDescription,
    propertyName: row.propertyName,
    propertyDescription: row.propertyDescription,
    propertyType: row.propertyType,
    required: row.required ? true : '',
    version: row.version ?? '',
  };
}

/** The columns an inferred row fills, in the template's order. */
export const INFERRED_COLUMNS: readonly ColumnKey[] = [
  'eventType',
  'eventName',
  'eventDescription',
  'propertyName',
  'propertyDescription',
  'propertyType',
  'required',
  'version',
];

type SeenType = 'string' | 'date-time' | 'number' | 'boolean' | 'object' | 'array' | 'null';
const TYPE_ORDER: readonly SeenType[] = ['string', 'date-time', 'number', 'boolean', 'object', 'array', 'null'];
/** An example is a hint to the analyst, not the value: a few words of it. */
const EXAMPLE_CHARS = 60;
/**
 * Rows go this deep at most: deeper values are typed at this depth and not looked into (a plan nests a few levels;
 * a hostile paste thousands, which recursion would not survive).
 */
const MAX_DEPTH = 10;
/** Paths an event gets rows for at most: a call with 100,000 keys is no plan anybody writes down. */
const MAX_PATHS = 500;

/** What the calls carried at one path. */
interface Seen {
  /** Times the path was present. */
  count: number;
  /** Times its value was an object: how often each child could have been there. */
  objects: number;
  types: Set<SeenType>;
  example: JsonValue | undefined;
  children: Map<string, Seen>;
  items: Seen | null;
}

interface SeenEvent {
  type: EventType;
  name: string;
  /** The plan's rule for these calls, null for an unplanned event. */
  rule: EventDefinition | null;
  common: EventDefinition | null;
  /** The calls' properties (or traits): `objects` counts every call, so a call without them lacks every property. */
  root: Seen;
  /** Paths seen so far (at most MAX_PATHS). */
  paths: { count: number };
}

const seen = (): Seen => ({ count: 0, objects: 0, types: new Set(), example: undefined, children: new Map(), items: null });

export class RowInference {
  private readonly events = new Map<string, SeenEvent>();
  /** Rules are looked up as `check` finds them; nothing is compiled (no call is validated here). */
  private readonly rules: CallChecker | null;

  constructor(private readonly plan: TrackingPlan | null) {
    this.rules = plan ? new CallChecker(plan, () => () => []) : null;
  }

  add(call: Call): void {
    const m = call.message;
    if (!rowsCanStandFor(call)) return;
    const named = call.type === 'track' ? m.event : m.name;
    const name = call.type === 'identify' || call.type === 'group' || typeof named !== 'string' ? '' : named;
    const { rule, common } = this.rules?.rulesOf(call) ?? { rule: null, common: null };
    const key = `${call.type}\u0000${name}\u0000${rule ? rule.version : 'new'}`;
    let event = this.events.get(key);
    if (!event) this.events.set(key, (event = { type: call.type, name, rule, common, root: seen(), paths: { count: 0 } }));
    const section = call.type === 'identify' || call.type === 'group' ? 'traits' : 'properties';
    const value = hasOwn(m, section) ? m[section] : undefined;
    event.root.objects++;
    if (isJsonObject(value)) recordObject(event.root, value, 1, event.paths);
  }

  rows(): InferredRow[] {
    const rows: InferredRow[] = [];
    for (const event of this.events.values()) {
      if (event.rule) this.plannedRows(event, event.rule, rows);
      else newEventRows(event, rows);
    }
    return rows;
  }

  /** Rows for what a planned rule lacks, each naming its event: they may land anywhere below it. */
  private plannedRows(event: SeenEvent, rule: EventDefinition, rows: InferredRow[]): void {
    if (rule.schemaPatch) return;
    const versions = this.plan?.events.filter((e) => e.type === rule.type && e.name === rule.name).length ?? 1;
    const common =
      event.type === 'identify' || event.type === 'group' ? [] : (event.common?.properties ?? []).filter((p) => p.key !== 'context');
    const start = {
      eventType: rule.type,
      eventName: rule.name,
      eventDescription: '',
      version: versions > 1 || rule.version !== 1 ? rule.version : null,
    };
    const add = (row: PropertyRow) => rows.push({ ...start, ...row });
    for (const [key, node] of event.root.children) {
      const planned = rule.properties.find((p) => p.key === key) ?? common.find((p) => p.key === key) ?? null;
      missing(node, key, event.root, planned, traitsOf(event), add);
    }
  }
}

export function inferRows(calls: Iterable<Call>, plan: TrackingPlan | null): InferredRow[] {
  const inference = new RowInference(plan);
  for (const call of calls) inference.add(call);
  return inference.rows();
}

type PropertyRow = Pick<InferredRow, 'propertyName' | 'propertyDescription' | 'propertyType' | 'required'>;

const traitsOf = (event: SeenEvent) => event.type === 'identify' || event.type === 'group';

function newEventRows(event: SeenEvent, rows: InferredRow[]): void {
  const calls = event.root.objects;
  const named = event.type !== 'identify' && event.type !== 'group';
  const blank = { eventType: '' as const, eventName: '', eventDescription: '', version: null };
  if (named) {
    const description = `${PLACEHOLDER_DESCRIPTION} Seen in ${calls} ${calls === 1 ? 'call' : 'calls'}.`;
    rows.push({ ...blank, eventType: event.type, eventName: event.name, eventDescription: description, ...noProperty });
  }
  // Traits carry their Event Type on each row (they have no event row to group under).
  const add = (row: PropertyRow) => rows.push({ ...blank, ...(named ? {} : { eventType: event.type }), ...row });
  for (const [key, node] of event.root.children) missing(node, key, event.root, null, !named, add);
}

const noProperty = { propertyName: '', propertyDescription: '', propertyType: '', required: false };

/**
 * The rows for a path and below it that the plan does not define, looking only where `check` looks for unplanned
 * properties: a planned object with no rows under it (or a JSON Schema cell) takes anything.
 */
function missing(
  node: Seen,
  path: string,
  parent: Seen,
  planned: PropertyDefinition | null,
  traits: boolean,
  add: (row: PropertyRow) => void,
): void {
  const items = path.endsWith('$');
  if (planned === null) {
    add({
      propertyName: path,
      propertyDescription: items ? '' : `${PLACEHOLDER_DESCRIPTION} Example: ${shortJson(node.example ?? null, EXAMPLE_CHARS)}`,
      propertyType: typeText(node),
      // Segment advises optional traits: libraries cache them and send only the new or changed ones.
      required: !items && !traits && node.count === parent.objects,
    });
  } else if (planned.schemaPatch) return;
  for (const [key, c] of node.children) {
    if (planned && planned.properties.length === 0) break;
    missing(c, `${path}.${key}`, node, planned ? (planned.properties.find((p) => p.key === key) ?? null) : null, false, add);
  }
  // Only empty arrays came: nothing says what their items are.
  if (node.items && node.items.count > 0 && (!planned || (planned.items && !planned.items.schemaPatch)))
    missing(node.items, `${path}.$`, node, planned?.items ?? null, false, add);
}

/**
 * Whether a key can be a Property Name cell: a dot would read as nesting, `$` and `[]` as array items; a name
 * every object has, a line break or an emoji is refused by the sheet's checks. Such keys get no row.
 */
function writable(key: string): boolean {
  return key.trim() === key && key !== '' && !/[.\r\n]|^\$$|\[\]/.test(key) && !RESERVED_NAMES.has(key) && !containsEmoji(key);
}

/** The keys of an object value at `depth` (1: the call's properties), each recorded under the node. */
function recordObject(node: Seen, value: JsonObject, depth: number, paths: { count: number }): void {
  for (const [key, v] of Object.entries(value)) {
    if (!writable(key)) continue;
    let next = node.children.get(key);
    if (!next) {
      if (paths.count >= MAX_PATHS) continue;
      paths.count++;
      node.children.set(key, (next = seen()));
    }
    record(next, v, depth, paths);
  }
}

function record(node: Seen, value: JsonValue, depth: number, paths: { count: number }): void {
  node.count++;
  node.types.add(typeOf(value));
  if (node.example === undefined || node.example === null) node.example = value;
  if (depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    if (!node.items) {
      if (paths.count >= MAX_PATHS) return;
      paths.count++;
      node.items = seen();
    }
    for (const item of value) record(node.items, item, depth + 1, paths);
  } else if (isJsonObject(value)) {
    node.objects++;
    recordObject(node, value, depth + 1, paths);
  }
}

function typeOf(value: JsonValue): SeenType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return isDateTime(value) ? 'date-time' : 'string';
  // A whole number in a few samples does not make a property whole: prices come as 10 and 10.5.
  if (typeof value === 'number') return 'number';
  return typeof value === 'boolean' ? 'boolean' : 'object';
}

/** The types as a Property Type cell: date-time only when every string was one; none seen (an empty array's items): any. */
function typeText(node: Seen): string {
  const types = node.types.has('string') && node.types.has('date-time') ? TYPE_ORDER.filter((t) => t !== 'date-time') : TYPE_ORDER;
  const text = types.filter((t) => node.types.has(t)).join(', ');
  return text === '' ? 'any' : text;
}
