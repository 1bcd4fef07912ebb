/**
 * The checks analysts expect of a plan as a whole, each at its cell: the naming conventions Importer Settings
 * choose, one type per property name, names that differ only in case or separators, and traits marked required
 * (Segment advises optional: analytics libraries send only the traits that changed).
 */
import { headerKey } from './cell-values';
import type { ColumnKey } from './columns';
import type { EventDefinition, PropertyDefinition, TrackingPlan } from './model';
import type { Problem, Severity } from './problems';
import { excerpt, quoted } from './problems';

export type EventNaming = 'object action' | 'object_action' | 'objectAction' | 'any';
export type PropertyNaming = 'snake_case' | 'camelCase' | 'any';

export interface Conventions {
  eventNaming: EventNaming;
  propertyNaming: PropertyNaming;
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
  const eventNaming = settings.eventNaming.trim() ? lookup(EVENT_NAMINGS, settings.eventNaming) : 'any';
  if (!eventNaming)
    errors.eventNaming = `Event Naming ${quoted(settings.eventNaming)} is not one of Object Action, object_action, objectAction, Any.`;
  const propertyNaming = settings.propertyNaming.trim() ? lookup(PROPERTY_NAMINGS, settings.propertyNaming) : 'any';
  if (!propertyNaming)
    errors.propertyNaming = `Property Naming ${quoted(settings.propertyNaming)} is not one of snake_case, camelCase, Any.`;
  const descriptions = headerKey(settings.descriptions);
  if (descriptions && descriptions !== 'required' && descriptions !== 'optional') {
    errors.descriptions = `Descriptions ${quoted(settings.descriptions)} is not Required or Optional.`;
  }
  return {
    conventions: {
      eventNaming: eventNaming ?? 'any',
      propertyNaming: propertyNaming ?? 'any',
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
  const at = (row: number, key: ColumnKey, severity: Severity, message: string) => {
    const column = cells.columns[key] ?? null;
    problems.push({ sheet: cells.sheet, row, column, cell: column ? `${column}${row}` : null, severity, message });
  };
  const named = plan.events.filter((e) => e.name);
  if (conventions.eventNaming !== 'any') {
    const [pattern, shape] = EVENT_PATTERNS[conventions.eventNaming];
    for (const e of named)
      if (!pattern.test(e.name)) at(e.row, 'eventName', 'warning', `Event ${quoted(e.name)} is not named ${shape}, as Event Naming asks.`);
  }
  const seenTypes = new Map<string, { event: EventDefinition; property: PropertyDefinition }>();
  const seenKeys = new Map<string, { key: string; row: number }>();
  for (const event of plan.events) {
    for (const p of definedProperties(event.properties)) {
      checkPropertyName(p, conventions, at);
      if (event.name) checkOneType(event, p, seenTypes, at);
      checkNearDuplicate(p, seenKeys, at);
      if ((event.type === 'identify' || event.type === 'group') && p.required) {
        at(
          p.row,
          'required',
          'warning',
          `Trait ${quoted(p.path)} is required: analytics libraries send only the traits that changed, so most ${event.type} calls would fail. Segment advises optional traits.`,
        );
      }
      if (event.type === 'common' && p.required && p.path === p.key && p.key !== 'context') {
        at(
          p.row,
          'required',
          'warning',
          `Common property ${quoted(p.key)} is required: common rules apply to every call, so every track, page and screen call without it fails (identify and group calls carry traits, not properties). Make it optional, or require it on the events that send it.`,
        );
      }
    }
  }
  return problems;
}

type At = (row: number, key: ColumnKey, severity: Severity, message: string) => void;

function checkPropertyName(p: PropertyDefinition, conventions: Conventions, at: At): void {
  if (conventions.propertyNaming === 'any' || p.key === '$') return;
  const [pattern, shape] = PROPERTY_PATTERNS[conventions.propertyNaming];
  if (!pattern.test(p.key))
    at(p.row, 'propertyName', 'warning', `Property ${quoted(p.path)} is not named ${shape}, as Property Naming asks.`);
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
      p.row,
      'propertyType',
      'warning',
      `${quoted(p.path)} is typed ${p.types.join(', ')} here but ${first.property.types.join(', ')} in ${excerpt(first.event.name)} (row ${first.property.row}). One property name with two types confuses every report that uses it.`,
    );
  }
}

function checkNearDuplicate(p: PropertyDefinition, seen: Map<string, { key: string; row: number }>, at: At): void {
  if (p.key === '$') return;
  const folded = p.key.toLowerCase().replace(/[\s_-]+/g, '');
  const first = seen.get(folded);
  if (!first) seen.set(folded, { key: p.key, row: p.row });
  else if (first.key !== p.key) {
    at(
      p.row,
      'propertyName',
      'warning',
      `${quoted(p.key)} differs from ${quoted(first.key)} (row ${first.row}) only in case or separators; Segment treats them as two properties.`,
    );
  }
}
