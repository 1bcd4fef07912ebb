/**
 * The checks analysts expect of a plan as a whole, each at its cell: the naming conventions Importer Settings
 * choose, one type per property name, names that differ only in case or separators, and traits marked required
 * (Segment advises optional: analytics libraries send only the traits that changed).
 */
import { headerKey } from './cell-values';
import type { ColumnKey } from './columns';
import type { EventDefinition, PropertyDefinition, TrackingPlan } from './model';
import type { Problem, Severity } from './problems';
import { excerpt, quoted, uniqueProblems } from './problems';

export type EventNaming = 'object action' | 'object_action' | 'objectAction' | 'any';
export type PropertyNaming = 'snake_case' | 'camelCase' | 'any';

export interface Conventions {
  /** null: not set, so the style most of the plan's names share (if any) is the convention. */
  eventNaming: EventNaming | null;
  propertyNaming: PropertyNaming | null;
  descriptionsRequired: boolean;
}

const EVENT_NAMINGS: Readonly<Record<string, EventNaming>> = {
  'object action': 'object action',
  'title case': 'object action',
  'object action title case': 'object action',
  object_action: 'object_action',
  'snake case': 'object_action',
  snake_case: 'object_action',
  objectaction: 'objectAction',
  'camel case': 'objectAction',
  camelcase: 'objectAction',
  any: 'any',
};
const PROPERTY_NAMINGS: Readonly<Record<string, PropertyNaming>> = {
  snake_case: 'snake_case',
  'snake case': 'snake_case',
  snake: 'snake_case',
  'camel case': 'camelCase',
  camelcase: 'camelCase',
  camel: 'camelCase',
  any: 'any',
};

/** The conventions the settings name, or the reason one cannot be read (for its cell). */
export function readConventions(settings: { eventNaming: string; propertyNaming: string; descriptions: string }): {
  conventions: Conventions;
  errors: Partial<Record<'eventNaming' | 'propertyNaming' | 'descriptions', string>>;
} {
  const errors: Partial<Record<'eventNaming' | 'propertyNaming' | 'descriptions', string>> = {};
  // The exact spelling first (object_action and Object Action differ only in their separators), then loosely.
  const lookup = <T>(table: Readonly<Record<string, T>>, text: string): T | undefined =>
    table[text.trim().toLowerCase()] ?? table[headerKey(text)];
  const eventNaming = settings.eventNaming.trim() ? lookup(EVENT_NAMINGS, settings.eventNaming) : null;
  if (eventNaming === undefined)
    errors.eventNaming = `Event Naming ${quoted(settings.eventNaming)} is not one of Object Action, object_action, objectAction, Any.`;
  const propertyNaming = settings.propertyNaming.trim() ? lookup(PROPERTY_NAMINGS, settings.propertyNaming) : null;
  if (propertyNaming === undefined)
    errors.propertyNaming = `Property Naming ${quoted(settings.propertyNaming)} is not one of snake_case, camelCase, Any.`;
  const descriptions = headerKey(settings.descriptions);
  if (descriptions && descriptions !== 'required' && descriptions !== 'optional') {
    errors.descriptions = `Descriptions ${quoted(settings.descriptions)} is not Required or Optional.`;
  }
  return {
    conventions: {
      // A setting that cannot be read is an error at its cell; the plan is not second-guessed meanwhile.
      eventNaming: eventNaming === undefined ? 'any' : eventNaming,
      propertyNaming: propertyNaming === undefined ? 'any' : propertyNaming,
      descriptionsRequired: descriptions === 'required',
    },
    errors,
  };
}

const EVENT_PATTERNS: Readonly<Record<Exclude<EventNaming, 'any'>, [RegExp, string]>> = {
  'object action': [/^[A-Z][A-Za-z0-9]*( [A-Z][A-Za-z0-9]*)+$/, 'Object Action in Title Case (Order Completed)'],
  object_action: [/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/, 'object_action (order_completed)'],
  objectAction: [/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/, 'objectAction (orderCompleted)'],
};
const PROPERTY_PATTERNS: Readonly<Record<Exclude<PropertyNaming, 'any'>, [RegExp, string]>> = {
  snake_case: [/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'snake_case (order_id)'],
  camelCase: [/^[a-z][a-zA-Z0-9]*$/, 'camelCase (orderId)'],
};

/** Where the plan's cells are. */
export interface PlanCells {
  sheet: string;
  columns: Partial<Record<ColumnKey, string>>;
  /** Property Groups' cells: a property a group brought is checked at its row there. */
  groups?: Omit<PlanCells, 'groups'> | null;
}

/** Where a property's row is, for a message: `row 7`, or `Property Groups row 3` for a group's. */
function rowLabel(p: { row: number; sheet?: string }): string {
  return p.sheet === undefined ? `row ${p.row}` : `${p.sheet} row ${p.row}`;
}

/** Every defined property of an event, depth first, with its path. */
function definedProperties(properties: readonly PropertyDefinition[], out: PropertyDefinition[] = []): PropertyDefinition[] {
  for (const p of properties) {
    if (!p.implicit) out.push(p);
    definedProperties(p.properties, out);
    if (p.items) definedProperties([p.items], out);
  }
  return out;
}

export function planChecks(plan: TrackingPlan, cells: PlanCells, conventions: Conventions): Problem[] {
  const problems: Problem[] = [];
  const at: At = (where, key, severity, message) => {
    const row = typeof where === 'number' ? where : where.row;
    const place = typeof where !== 'number' && where.sheet !== undefined && cells.groups ? cells.groups : cells;
    const column = place.columns[key] ?? null;
    problems.push({ sheet: place.sheet, row, column, cell: column ? `${column}${row}` : null, severity, message });
  };
  const named = plan.events.filter((e) => e.name);
  if (conventions.eventNaming === null) {
    for (const outlier of eventOutliers(named.map((e) => ({ name: e.name, path: e.name, row: e.row }))))
      at(outlier.row, 'eventName', 'warning', outlier.message);
  } else if (conventions.eventNaming !== 'any') {
    const [pattern, shape] = EVENT_PATTERNS[conventions.eventNaming];
    for (const e of named)
      if (!pattern.test(e.name)) at(e.row, 'eventName', 'warning', `Event ${quoted(e.name)} is not named ${shape}, as Event Naming asks.`);
  }
  // Each event's properties, walked once for the inference below and the checks after it.
  const defined = plan.events.map((event) => definedProperties(event.properties));
  if (conventions.propertyNaming === null) {
    const names = defined.flat().filter((p) => p.key !== '$');
    for (const outlier of propertyOutliers(names.map((p) => ({ name: p.key, path: p.path, row: p.row, sheet: p.sheet }))))
      at(outlier, 'propertyName', 'warning', outlier.message);
  }
  const seenTypes = new Map<string, { event: EventDefinition; property: PropertyDefinition }>();
  const seenKeys = new Map<string, PropertyDefinition>();
  plan.events.forEach((event, e) => {
    for (const p of defined[e] ?? []) {
      checkPropertyName(p, conventions, at);
      if (event.name) checkOneType(event, p, seenTypes, at);
      checkNearDuplicate(p, seenKeys, at);
      if ((event.type === 'identify' || event.type === 'group') && p.required) {
        at(
          p,
          'required',
          'warning',
          `Trait ${quoted(p.path)} is required: analytics libraries send only the traits that changed, so most ${event.type} calls would fail. Segment advises optional traits.`,
        );
      }
      if (event.type === 'common' && p.required && p.path === p.key && p.key !== 'context') {
        at(
          p,
          'required',
          'warning',
          `Common property ${quoted(p.key)} is required: common rules apply to every call, so every track, page and screen call without it fails (identify and group calls carry traits, not properties). Make it optional, or require it on the events that send it.`,
        );
      }
    }
  });
  return uniqueProblems(problems);
}

type At = (where: number | { row: number; sheet?: string }, key: ColumnKey, severity: Severity, message: string) => void;

function checkPropertyName(p: PropertyDefinition, conventions: Conventions, at: At): void {
  if (conventions.propertyNaming === null || conventions.propertyNaming === 'any' || p.key === '$') return;
  const [pattern, shape] = PROPERTY_PATTERNS[conventions.propertyNaming];
  if (!pattern.test(p.key)) at(p, 'propertyName', 'warning', `Property ${quoted(p.path)} is not named ${shape}, as Property Naming asks.`);
}

function checkOneType(
  event: EventDefinition,
  p: PropertyDefinition,
  seen: Map<string, { event: EventDefinition; property: PropertyDefinition }>,
  at: At,
): void {
  const types = [...p.types, p.format ?? ''].join(',');
  const first = seen.get(p.path);
  if (!first) seen.set(p.path, { event, property: p });
  else if (
    [...first.property.types, first.property.format ?? ''].join(',') !== types &&
    p.types.length > 0 &&
    first.property.types.length > 0
  ) {
    at(
      p,
      'propertyType',
      'warning',
      `${quoted(p.path)} is typed ${p.types.join(', ')} here but ${first.property.types.join(', ')} in ${excerpt(first.event.name)} (${rowLabel(first.property)}). One property name with two types confuses every report that uses it.`,
    );
  }
}

/**
 * A name as the near-duplicate checks compare it: case, spaces, `_` and `-` ignored (`User ID`, `user_id`, `userId`).
 * Live validation folds with it too, to find the rows a name may clash with.
 */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

function checkNearDuplicate(p: PropertyDefinition, seen: Map<string, PropertyDefinition>, at: At): void {
  if (p.key === '$') return;
  const folded = foldName(p.key);
  const first = seen.get(folded);
  if (!first) seen.set(folded, p);
  else if (first.key !== p.key) {
    at(
      p,
      'propertyName',
      'warning',
      `${quoted(p.key)} differs from ${quoted(first.key)} (${rowLabel(first)}) only in case or separators; Segment treats them as two properties.`,
    );
  }
}

/** A name in the plan, where it is, and how a message quotes it (a property by its path). */
interface Named {
  name: string;
  path: string;
  row: number;
  sheet?: string;
}

interface Styles<S extends string> {
  /** The style a name clearly has, or null (a single lower-case word is both snake_case and camelCase). */
  of: (name: string) => S | null;
  short: Readonly<Record<S, string>>;
  shape: Readonly<Record<S, string>>;
  spell: Readonly<Record<S, (words: string[]) => string>>;
}

const words = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((w) => w);
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const lower = (ws: string[]) => ws.map((w) => w.toLowerCase());
const snake = (ws: string[]) => lower(ws).join('_');
const camel = (ws: string[]) =>
  lower(ws)
    .map((w, i) => (i ? capital(w) : w))
    .join('');

type EventStyle = Exclude<EventNaming, 'any'>;
type PropertyStyle = Exclude<PropertyNaming, 'any'>;
const EVENT_STYLES: Styles<EventStyle> = {
  // The three patterns exclude each other: a space, an underscore, or neither and a capital.
  of: (name) => (['object action', 'object_action', 'objectAction'] as const).find((s) => EVENT_PATTERNS[s][0].test(name)) ?? null,
  short: { 'object action': 'Object Action in Title Case', object_action: 'object_action', objectAction: 'objectAction' },
  shape: {
    'object action': EVENT_PATTERNS['object action'][1],
    object_action: EVENT_PATTERNS.object_action[1],
    objectAction: EVENT_PATTERNS.objectAction[1],
  },
  spell: { 'object action': (ws) => ws.map(capital).join(' '), object_action: snake, objectAction: camel },
};
const PROPERTY_STYLES: Styles<PropertyStyle> = {
  of: (name) =>
    name.includes('_') && PROPERTY_PATTERNS.snake_case[0].test(name)
      ? 'snake_case'
      : /[A-Z]/.test(name) && PROPERTY_PATTERNS.camelCase[0].test(name)
        ? 'camelCase'
        : null,
  short: { snake_case: 'snake_case', camelCase: 'camelCase' },
  shape: { snake_case: PROPERTY_PATTERNS.snake_case[1], camelCase: PROPERTY_PATTERNS.camelCase[1] },
  spell: { snake_case: snake, camelCase: camel },
};

/** Too few names make no convention: one odd name among five is taste, not drift. */
const INFER_MIN_NAMES = 10;

/**
 * With no naming setting, the style at least 80% of the distinct styled names share is the plan's convention, and
 * every row of a name in another style is an outlier. One pass to count, one to report: linear in the names.
 */
function outliers<S extends string>(
  names: readonly Named[],
  styles: Styles<S>,
  what: 'Event' | 'Property',
  setting: 'Event Naming' | 'Property Naming',
): { row: number; sheet?: string; message: string }[] {
  const styleOf = new Map<string, S | null>();
  const counts = new Map<S, number>();
  for (const { name } of names) {
    if (styleOf.has(name)) continue;
    const style = styles.of(name);
    styleOf.set(name, style);
    if (style) counts.set(style, (counts.get(style) ?? 0) + 1);
  }
  const styled = [...counts.values()].reduce((a, b) => a + b, 0);
  const [dominant, count] = [...counts].find(([, n]) => n * 5 >= styled * 4) ?? [null, 0];
  if (!dominant || styled < INFER_MIN_NAMES) return [];
  const others = styleOf.size - 1;
  const share = count === others ? `the other ${others}` : `${count} of the other ${others}`;
  const found: { row: number; sheet?: string; message: string }[] = [];
  for (const { name, path, row, sheet } of names) {
    const style = styleOf.get(name);
    if (!style || style === dominant) continue;
    const renamed = styles.spell[dominant](words(name));
    found.push({
      row,
      ...(sheet !== undefined && { sheet }),
      message: `${what} ${quoted(path)} is ${styles.short[style]}, but ${share} ${what.toLowerCase()} names are ${styles.shape[dominant]}; rename it ${quoted(renamed)}, or set ${setting} in Importer Settings (Any allows every style).`,
    });
  }
  return found;
}

const eventOutliers = (names: readonly Named[]) => outliers(names, EVENT_STYLES, 'Event', 'Event Naming');
const propertyOutliers = (names: readonly Named[]) => outliers(names, PROPERTY_STYLES, 'Property', 'Property Naming');
