/**
 * The inverse of build-rules: Segment's rules back into the tracking plan model, so a plan read from Segment
 * can be written into the sheet and built again into the very same rules. What the columns can express goes
 * into the model; everything else becomes a JSON Schema patch on the row it belongs to.
 */
import type { EventType } from '../plan/columns';
import { EnumValue, EventDefinition, JSON_TYPE_ORDER, JsonType, PropertyDefinition, TrackingPlan } from '../plan/model';
import { parseAllowedValues } from '../plan/cell-codecs';
import { patternProblem } from '../plan/regex';
import { enumText } from '../plan/write-plan';
import { containsEmoji } from '../plan/cell-values';
import type { PublicRule } from './rules';
import { ruleSchema } from '../schema/build-rules';
import { isJsonObject, JsonObject, JsonValue } from '../json/json';
import { mergePatchBetween } from '../schema/merge-patch';
import { jsonEqual } from '../json/json';

export function readRules(rules: readonly PublicRule[]): TrackingPlan {
  return { events: rules.map(readRule) };
}

function readRule(rule: PublicRule): EventDefinition {
  const schema = isJsonObject(rule.jsonSchema) ? rule.jsonSchema : {};
  const type = rule.type.toLowerCase() as EventType;
  const top = isJsonObject(schema.properties) ? schema.properties : {};
  let properties: PropertyDefinition[] = [];
  if (type === 'identify' || type === 'group') {
    properties = children(top.traits, '');
  } else if (type === 'common') {
    if (isJsonObject(top.context)) properties.push(readProperty('context', top.context, requiredOf(schema).has('context'), ''));
    properties.push(...children(top.properties, ''));
  } else {
    properties = children(top.properties, '');
  }
  const event: EventDefinition = {
    type,
    name: rule.key ?? '',
    description: cellString(schema.description),
    version: rule.version || 1,
    labels: readLabels(schema.labels),
    properties,
    row: 0,
  };
  // What the columns could not say, as a patch from the schema they build to Segment's, handed down to
  // the rows it concerns.
  const patch = mergePatchBetween(ruleSchema(event, { descriptionInSchema: true }), schema);
  const patchTop = isJsonObject(patch.properties) ? patch.properties : undefined;
  if (patchTop) {
    if (type === 'identify' || type === 'group') distributeChildren(patchTop, 'traits', properties);
    else if (type === 'common') {
      const context = properties.find((p) => p.key === 'context');
      if (context && isJsonObject(patchTop.context)) {
        distributeNode(patchTop.context, context);
        delete patchTop.context;
      }
      distributeChildren(
        patchTop,
        'properties',
        properties.filter((p) => p !== context),
      );
    } else distributeChildren(patchTop, 'properties', properties);
    dropIfEmptied(patch, 'properties');
  }
  if (Object.keys(patch).length > 0) event.schemaPatch = patch;
  return event;
}

/** A description or name as a sheet cell holds it: trimmed. */
function cellString(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

function readLabels(value: JsonValue | undefined): Array<[string, string]> {
  if (!isJsonObject(value)) return [];
  const labels = Object.entries(value);
  const fits = labels.every(
    ([k, v]) => typeof v === 'string' && k === k.trim() && v === v.trim() && k && v && !/[,:\n]/.test(k) && !/[,\n]/.test(v),
  );
  return fits ? labels.map(([k, v]) => [k, v as string]) : [];
}

function requiredOf(schema: JsonObject): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
}

/** A key a Property Name cell can hold: no dots, brackets or line breaks, not `$`, no spaces around it. */
function representableKey(key: string): boolean {
  return key !== '' && key !== '$' && key === key.trim() && !/[.[\]\r\n]/.test(key) && !containsEmoji(key);
}

function children(container: JsonValue | undefined, parentPath: string): PropertyDefinition[] {
  if (!isJsonObject(container) || !isJsonObject(container.properties)) return [];
  const required = requiredOf(container);
  return Object.entries(container.properties)
    .filter(([key, schema]) => representableKey(key) && isJsonObject(schema))
    .map(([key, schema]) => readProperty(key, schema as JsonObject, required.has(key), parentPath));
}

function readProperty(key: string, schema: JsonObject, required: boolean, parentPath: string): PropertyDefinition {
  const path = parentPath ? `${parentPath}.${key}` : key;
  const rawTypes = Array.isArray(schema.type) ? schema.type : typeof schema.type === 'string' ? [schema.type] : [];
  const types = JSON_TYPE_ORDER.filter((t) => rawTypes.includes(t));
  const property: PropertyDefinition = {
    key,
    path,
    description: cellString(schema.description),
    types,
    required,
    properties: types.length === 0 || types.includes('object') ? children(schema, path) : [],
    implicit: false,
    row: 0,
  };
  if (schema.format === 'date-time' && types.includes('string')) property.format = 'date-time';
  const values = readEnum(schema.enum, types);
  if (values) property.enum = values;
  const pattern = schema.pattern;
  if (
    typeof pattern === 'string' &&
    types.includes('string') &&
    pattern === pattern.trim() &&
    pattern &&
    patternProblem(pattern) === null
  ) {
    property.pattern = pattern;
  }
  readBounds(schema, types, property);
  if (isJsonObject(schema.items) && (types.length === 0 || types.includes('array')))
    property.items = readProperty('$', schema.items, false, path);
  property.implicit = isImplicit(schema, property);
  return property;
}

/** Allowed values the cell can hold and give back exactly; otherwise the patch keeps them. */
function readEnum(value: JsonValue | undefined, types: JsonType[]): EnumValue[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
  if (types.length > 0 && !types.some((t) => t === 'string' || t === 'number' || t === 'integer' || t === 'boolean')) return undefined;
  const nullable = types.includes('null');
  const kept = (value as EnumValue[]).filter((v) => !(nullable && v === null));
  if (kept.length === 0 || kept.some((v) => typeof v === 'string' && (v !== v.trim() || v === '' || /[\r\n]/.test(v) || containsEmoji(v))))
    return undefined;
  const text = enumText(kept);
  const back = parseAllowedValues(text, types);
  // The model holds what the parser makes of the cell (null added for nullable types); a patch puts back
  // anything that differs from Segment's list.
  return back.invalid.length === 0 && jsonEqual(back.values, nullable ? [...kept, null] : kept) ? back.values : undefined;
}

/** Min/Max the parser accepts for these types; others stay in the patch. */
function readBounds(schema: JsonObject, types: JsonType[], property: PropertyDefinition): void {
  const numeric = types.includes('number') || types.includes('integer');
  const counted = types.includes('string') || types.includes('array');
  const pick = (numericKey: string, stringKey: string, arrayKey: string): number | undefined => {
    const key = numeric ? numericKey : types.includes('string') ? stringKey : types.includes('array') ? arrayKey : undefined;
    const value = key ? schema[key] : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    if (counted && (!Number.isInteger(value) || value < 0)) return undefined;
    return value;
  };
  const min = pick('minimum', 'minLength', 'minItems');
  const max = pick('maximum', 'maxLength', 'maxItems');
  if (min !== undefined && max !== undefined && min > max) return;
  if (min !== undefined) property.min = min;
  if (max !== undefined) property.max = max;
}

/**
 * A parent the builder would have made up for its children (no row of its own): exactly a type of object
 * with properties, or of array with items, and nothing else.
 */
function isImplicit(schema: JsonObject, property: PropertyDefinition): boolean {
  const keys = Object.keys(schema);
  if (property.required || !keys.every((k) => ['type', 'properties', 'required', 'items'].includes(k))) return false;
  if (schema.type === 'object') return property.properties.length > 0 && property.items === undefined && !('items' in schema);
  if (schema.type === 'array') return property.items !== undefined && property.properties.length === 0 && !('properties' in schema);
  return false;
}

/**
 * Hands the patches of `parent[key].properties[child]` down to the children's rows. Objects that only held
 * those patches are removed; a patch's own objects always hold a difference, so none is empty before.
 */
function distributeChildren(parent: JsonObject, key: string, nodes: readonly PropertyDefinition[]): void {
  const container = parent[key];
  if (!isJsonObject(container) || !isJsonObject(container.properties)) return;
  const map = container.properties;
  for (const node of nodes) {
    const sub = map[node.key];
    if (!isJsonObject(sub)) continue;
    distributeNode(sub, node);
    delete map[node.key];
  }
  dropIfEmptied(container, 'properties');
  dropIfEmptied(parent, key);
}

function distributeNode(patch: JsonObject, node: PropertyDefinition): void {
  if (isJsonObject(patch.properties)) {
    const holder: JsonObject = { node: patch };
    distributeChildren(holder, 'node', node.properties);
  }
  if (node.items && isJsonObject(patch.items)) {
    distributeNode(patch.items, node.items);
    delete patch.items;
  }
  if (Object.keys(patch).length > 0) node.schemaPatch = patch;
}

function dropIfEmptied(parent: JsonObject, key: string): void {
  const value = parent[key];
  if (isJsonObject(value) && Object.keys(value).length === 0) delete parent[key];
}

/**
 * Members whose value is null: a JSON Schema cell cannot hold them (in a merge patch null means "remove"),
 * so an import says which ones it could not keep rather than drop them silently.
 */
export function nullMembers(rules: readonly PublicRule[]): string[] {
  const found: string[] = [];
  const walk = (value: JsonValue, path: string, rule: string) => {
    if (!isJsonObject(value)) return;
    for (const [key, sub] of Object.entries(value)) {
      if (sub === null) found.push(`${rule}: ${path}${key}`);
      else walk(sub, `${path}${key}.`, rule);
    }
  };
  for (const rule of rules) walk(rule.jsonSchema ?? {}, '', rule.key ?? rule.type);
  return found;
}
