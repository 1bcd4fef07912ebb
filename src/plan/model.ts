import type { EventType } from './columns';
import type { JsonObject } from '../json/json';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
export type EnumValue = string | number | boolean | null;

/** The order types are written in the rules, whatever order the analyst typed them in. */
export const JSON_TYPE_ORDER: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

export interface PropertyDefinition {
  /** The key under its parent; `$` for the items of an array. */
  key: string;
  /** The path as the sheet writes it: `products.$.sku`. */
  path: string;
  description: string;
  /** Empty means any type. */
  types: JsonType[];
  format?: 'date-time';
  required: boolean;
  enum?: EnumValue[];
  pattern?: string;
  min?: number;
  max?: number;
  /** Children of an object, in the order the sheet first mentions them. */
  properties: PropertyDefinition[];
  /** The item schema of an array (`path.$`). */
  items?: PropertyDefinition;
  /** The JSON Schema column: a merge patch applied to the schema the other columns build. */
  schemaPatch?: JsonObject;
  /** True when no row defines this property: it exists only because a child names it. */
  implicit: boolean;
  /** 1-based sheet row that defines it (the first mentioning row when implicit). */
  row: number;
  /** The sheet of that row when it is not the plan's: a property a group brings (Property Groups). */
  sheet?: string;
  /** The sources it is for (its row's Sources cell); absent for every source. */
  sources?: string[];
}

/** One rule: a track/page/screen event, or the identify, group or common (global) rules. */
export interface EventDefinition {
  type: EventType;
  /** Empty for identify, group and common. */
  name: string;
  description: string;
  version: number;
  labels: Array<[string, string]>;
  properties: PropertyDefinition[];
  /** The JSON Schema column of the event's row: a merge patch applied to the whole rule. */
  schemaPatch?: JsonObject;
  /** 1-based sheet row where the event first appears. */
  row: number;
  /** The sources it is for (its event row's Sources cell); absent for every source. */
  sources?: string[];
}

export interface TrackingPlan {
  /** In the order the sheet first mentions them. */
  events: EventDefinition[];
}

/**
 * The properties rows define, at every depth (array items included). A parent only implied by a child's path
 * (`address` in `address.city`) is not one: the count an analyst sees matches the rows they wrote.
 */
export function countProperties(properties: readonly PropertyDefinition[]): number {
  let n = 0;
  for (const p of properties) {
    n += (p.implicit ? 0 : 1) + countProperties(p.properties) + (p.items ? countProperties([p.items]) : 0);
  }
  return n;
}

export interface PlanSummary {
  /** Every rule: events and the identify, group and common rules. */
  rules: number;
  /** Events with a name (track, page, screen). */
  named: number;
  /** The types of the unnamed rules: identify, group, common. */
  otherRules: EventType[];
  properties: number;
}

export function planSummary(plan: TrackingPlan): PlanSummary {
  let properties = 0;
  for (const e of plan.events) properties += countProperties(e.properties);
  const named = plan.events.filter((e) => e.name).length;
  const otherRules = plan.events.filter((e) => !e.name).map((e) => e.type);
  return { rules: plan.events.length, named, otherRules, properties };
}

/** "Order Completed", or "identify traits" for the rules without a name. */
export function eventLabel(event: Pick<EventDefinition, 'type' | 'name'>): string {
  switch (event.type) {
    case 'identify':
      return 'identify traits';
    case 'group':
      return 'group traits';
    case 'common':
      return 'common rules';
    case 'track':
      return event.name;
    case 'page':
    case 'screen':
      return `${event.type} "${event.name}"`;
  }
}
