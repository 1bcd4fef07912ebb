import type { EventDefinition, PropertyDefinition, TrackingPlan } from '../plan/model';
import type { JsonObject, JsonValue } from '../json/json';
import { applyMergePatch } from './merge-patch';

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

/** One Config API event rule, as `tracking_plan.rules.events[]` holds it. */
export interface ConfigEventRule {
  name: string;
  description: string;
  version: number;
  rules: JsonObject;
}

/** `tracking_plan.rules` of the Config API v1beta. */
export interface ConfigRules {
  events: ConfigEventRule[];
  global?: JsonObject;
  identify?: JsonObject;
  group?: JsonObject;
  identify_traits: JsonValue[];
  group_traits: JsonValue[];
}

export interface SchemaOptions {
  /**
   * The Public API keeps an event's description inside its schema; the Config API beside it. Identify,
   * group and common rules have no place for one but their schema in either API.
   */
  descriptionInSchema?: boolean;
}

/** The draft-04 schema of one rule: the event properties, traits or common fields it constrains. */
export function ruleSchema(event: EventDefinition, options: SchemaOptions = {}): JsonObject {
  const schema: JsonObject = { $schema: DRAFT_04, type: 'object' };
  if ((options.descriptionInSchema || !event.name) && event.description) schema.description = event.description;
  const properties: JsonObject = {};
  const required: string[] = [];
  if (event.type === 'identify' || event.type === 'group') {
    properties.traits = objectSchema(event.properties);
    if (event.properties.some((p) => p.required)) required.push('traits');
  } else if (event.type === 'common') {
    // A context.… path constrains the message's context; any other path its properties.
    const context = event.properties.find((p) => p.key === 'context');
    const rest = event.properties.filter((p) => p !== context);
    if (context) {
      properties.context = propertySchema(context);
      if (context.required || context.properties.some((p) => p.required)) required.push('context');
    }
    // Not `required: ["properties"]`: common rules apply to every call, and identify and group calls carry traits,
    // not properties. A required common property is required wherever a call has properties.
    if (rest.length > 0) properties.properties = objectSchema(rest);
  } else {
    properties.properties = objectSchema(event.properties);
    if (event.properties.some((p) => p.required)) required.push('properties');
  }
  schema.properties = properties;
  if (required.length > 0) schema.required = required;
  if (event.labels.length > 0) {
    const labels: JsonObject = {};
    for (const [key, value] of event.labels) labels[key] = value;
    schema.labels = labels;
  }
  return event.schemaPatch ? (applyMergePatch(schema, event.schemaPatch) as JsonObject) : schema;
}

function objectSchema(children: readonly PropertyDefinition[]): JsonObject {
  const schema: JsonObject = { type: 'object', properties: childSchemas(children) };
  const required = children.filter((p) => p.required).map((p) => p.key);
  if (required.length > 0) schema.required = required;
  return schema;
}

function childSchemas(children: readonly PropertyDefinition[]): JsonObject {
  const out: JsonObject = {};
  for (const child of children) out[child.key] = propertySchema(child);
  return out;
}

function propertySchema(p: PropertyDefinition): JsonObject {
  const schema: JsonObject = {};
  if (!p.implicit || p.description) schema.description = p.description;
  const [only] = p.types;
  if (p.types.length === 1 && only) schema.type = only;
  else if (p.types.length > 1) schema.type = [...p.types];
  if (p.format) schema.format = p.format;
  if (p.enum) schema.enum = [...p.enum];
  if (p.pattern !== undefined) schema.pattern = p.pattern;
  const numeric = p.types.includes('number') || p.types.includes('integer');
  if (p.min !== undefined) {
    if (numeric) schema.minimum = p.min;
    if (p.types.includes('string')) schema.minLength = p.min;
    if (p.types.includes('array')) schema.minItems = p.min;
  }
  if (p.max !== undefined) {
    if (numeric) schema.maximum = p.max;
    if (p.types.includes('string')) schema.maxLength = p.max;
    if (p.types.includes('array')) schema.maxItems = p.max;
  }
  if (p.properties.length > 0) {
    schema.properties = childSchemas(p.properties);
    const required = p.properties.filter((c) => c.required).map((c) => c.key);
    if (required.length > 0) schema.required = required;
  }
  if (p.items) schema.items = propertySchema(p.items);
  return p.schemaPatch ? (applyMergePatch(schema, p.schemaPatch) as JsonObject) : schema;
}

/** The plan as the Config API's `tracking_plan.rules`. Page and screen rows have no place here. */
export function buildConfigRules(plan: TrackingPlan): ConfigRules {
  const rules: ConfigRules = { events: [], identify_traits: [], group_traits: [] };
  for (const event of plan.events) {
    switch (event.type) {
      case 'track':
        rules.events.push({ name: event.name, description: event.description, version: event.version, rules: ruleSchema(event) });
        break;
      case 'identify':
        rules.identify = ruleSchema(event);
        break;
      case 'group':
        rules.group = ruleSchema(event);
        break;
      case 'common':
        rules.global = ruleSchema(event);
        break;
      case 'page':
      case 'screen':
        throw new Error(`${event.type} rules cannot be sent to the Config API`);
    }
  }
  // Keys in one fixed order, so the same sheet always gives the same bytes.
  const ordered: ConfigRules = { events: rules.events } as ConfigRules;
  if (rules.global) ordered.global = rules.global;
  if (rules.identify) ordered.identify = rules.identify;
  if (rules.group) ordered.group = rules.group;
  ordered.identify_traits = [];
  ordered.group_traits = [];
  return ordered;
}
