/**
 * The inverse of build-rules: Segment's rules back into the tracking plan model, so a plan pulled from
 * Segment can be written into the sheet layout and built again into the same rules.
 */
import type { EventType } from '../plan/columns';
import { EnumValue, EventDefinition, JSON_TYPE_ORDER, JsonType, PropertyDefinition, TrackingPlan } from '../plan/model';
import type { PublicRule } from '../segment/rules';
import { isJsonObject, JsonObject, JsonValue } from './json';

export interface ReadRulesResult {
  plan: TrackingPlan;
  /** What the sheet layout cannot hold, by rule and path: it would be lost on the next upload. */
  lost: string[];
}

const PROPERTY_KEYWORDS = new Set([
  'description',
  'type',
  'format',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'items',
  'id',
]);

export function readRules(rules: readonly PublicRule[]): ReadRulesResult {
  const lost: string[] = [];
  const events: EventDefinition[] = [];
  for (const rule of rules) {
    const schema = isJsonObject(rule.jsonSchema) ? rule.jsonSchema : {};
    const type = rule.type.toLowerCase() as EventType;
    const where = rule.key ? `${rule.type} "${rule.key}"` : rule.type;
    const top = isJsonObject(schema.properties) ? schema.properties : {};
    let properties: PropertyDefinition[] = [];
    if (type === 'identify' || type === 'group') {
      properties = children(top.traits, '', where, lost);
    } else if (type === 'common') {
      if (isJsonObject(top.context))
        properties.push(readProperty('context', top.context, requiredOf(schema).has('context'), '', where, lost));
      properties.push(...children(top.properties, '', where, lost));
    } else {
      properties = children(top.properties, '', where, lost);
    }
    const labels: Array<[string, string]> = isJsonObject(schema.labels)
      ? Object.entries(schema.labels).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
      : [];
    events.push({
      type,
      name: rule.key ?? '',
      description: typeof schema.description === 'string' ? schema.description : '',
      version: rule.version || 1,
      labels,
      properties,
      row: 0,
    });
  }
  return { plan: { events }, lost };
}

function requiredOf(schema: JsonObject): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
}

function children(container: JsonValue | undefined, parentPath: string, where: string, lost: string[]): PropertyDefinition[] {
  if (!isJsonObject(container) || !isJsonObject(container.properties)) return [];
  const required = requiredOf(container);
  return Object.entries(container.properties).map(([key, schema]) =>
    readProperty(key, isJsonObject(schema) ? schema : {}, required.has(key), parentPath, where, lost),
  );
}

function readProperty(
  key: string,
  schema: JsonObject,
  required: boolean,
  parentPath: string,
  where: string,
  lost: string[],
): PropertyDefinition {
  const path = parentPath ? `${parentPath}.${key}` : key;
  for (const keyword of Object.keys(schema)) {
    if (!PROPERTY_KEYWORDS.has(keyword)) lost.push(`${where} ${path}: "${keyword}"`);
  }
  const rawTypes = Array.isArray(schema.type) ? schema.type : typeof schema.type === 'string' ? [schema.type] : [];
  const types = JSON_TYPE_ORDER.filter((t) => rawTypes.includes(t)) as JsonType[];
  const property: PropertyDefinition = {
    key,
    path,
    description: typeof schema.description === 'string' ? schema.description : '',
    types,
    required,
    properties: children(schema, path, where, lost),
    implicit: false,
    row: 0,
  };
  if (schema.format === 'date-time') property.format = 'date-time';
  else if (schema.format !== undefined) lost.push(`${where} ${path}: "format": ${JSON.stringify(schema.format)}`);
  if (Array.isArray(schema.enum)) {
    // The builder adds null to a nullable property's values by itself.
    const values = schema.enum.filter((v): v is EnumValue => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    property.enum = types.includes('null') ? values.filter((v) => v !== null) : values;
    if (property.enum.length === 0) delete property.enum;
  }
  if (typeof schema.pattern === 'string') property.pattern = schema.pattern;
  const min = firstNumber(schema, ['minimum', 'minLength', 'minItems']);
  const max = firstNumber(schema, ['maximum', 'maxLength', 'maxItems']);
  if (min !== undefined) property.min = min;
  if (max !== undefined) property.max = max;
  if (isJsonObject(schema.items)) property.items = readProperty('$', schema.items, false, path, where, lost);
  // A parent written without a description is one the builder made up for its children: keep it implicit,
  // so the sheet gets no row for it and the rebuilt rules match.
  const container = property.properties.length > 0 || property.items !== undefined;
  property.implicit =
    container &&
    !('description' in schema) &&
    !required &&
    Object.keys(schema).every((k) => ['type', 'properties', 'required', 'items'].includes(k));
  return property;
}

function firstNumber(schema: JsonObject, keys: string[]): number | undefined {
  for (const key of keys) if (typeof schema[key] === 'number') return schema[key] as number;
  return undefined;
}
