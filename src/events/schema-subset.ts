/**
 * A draft-04 validator for the keywords the sheet's rules use, walking the schema instead of generating code:
 * compiling 2,000 rules with a code-generating validator costs seconds, walking costs nothing. A schema with any
 * other keyword (a JSON Schema cell can add oneOf, $ref, …) is not taken: `subsetValidator` answers null and the
 * caller uses a full validator. Errors are in ajv's shape, so both word the same.
 */
import { hasOwn, isJsonObject, JsonObject, JsonValue } from '../json/json';
import type { SchemaError } from './check-calls';

const ANNOTATIONS = new Set(['$schema', 'id', 'description', 'title', 'labels']);
const KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'additionalProperties',
]);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** Whether every keyword of the schema, at every depth, is one this validator knows. */
function supported(schema: JsonValue): boolean {
  if (!isJsonObject(schema)) return false;
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (!KEYWORDS.has(key)) return false;
    if (key === 'type' && !(Array.isArray(value) ? value : [value]).every((t) => typeof t === 'string' && TYPES.has(t))) return false;
    if (key === 'properties' && (!isJsonObject(value) || !Object.values(value).every(supported))) return false;
    if (key === 'items' && !supported(value)) return false;
    if (key === 'format' && value !== 'date-time') return false;
    if (key === 'additionalProperties' && typeof value !== 'boolean') return false;
    if (key === 'required' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) return false;
    if (key === 'enum' && !Array.isArray(value)) return false;
    if (key === 'pattern' && typeof value !== 'string') return false;
    if (/^(min|max)/.test(key) && typeof value !== 'number') return false;
  }
  return true;
}

function hasType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/;

/** RFC 3339 date-time, with the calendar checked (February 30 is not a date), as ajv-formats' full mode does. */
export function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : (DAYS[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > days) return false;
  const offsetOk = m[7] === undefined || (Number(m[8]) <= 23 && Number(m[9]) <= 59);
  return hour <= 23 && minute <= 59 && (second <= 59 || (second === 60 && hour === 23 && minute === 59)) && offsetOk;
}

/** JSON values equal as JSON (key order aside), as `enum` compares them. */
function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i] as JsonValue));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k] as JsonValue, b[k] as JsonValue));
}

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function walk(schema: JsonObject, value: JsonValue, path: string, out: SchemaError[], patterns: Map<string, RegExp>): void {
  const push = (keyword: string, params: Record<string, unknown>, at = path) => out.push({ keyword, instancePath: at, params });
  const types = schema.type === undefined ? null : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types && !types.some((t) => hasType(value, t))) push('type', { type: schema.type });
  if (isJsonObject(value)) {
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in value)) push('required', { missingProperty: key });
    const properties = schema.properties as Record<string, JsonObject> | undefined;
    for (const [key, child] of Object.entries(properties ?? {})) {
      if (hasOwn(value, key)) walk(child, value[key] as JsonValue, `${path}/${escapeKey(key)}`, out, patterns);
    }
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(value))
        if (!properties || !hasOwn(properties, key)) push('additionalProperties', { additionalProperty: key });
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) push('minItems', { limit: schema.minItems });
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) push('maxItems', { limit: schema.maxItems });
    if (isJsonObject(schema.items)) {
      const items = schema.items;
      value.forEach((v, i) => walk(items, v, `${path}/${i}`, out, patterns));
    }
  }
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) push('minLength', { limit: schema.minLength });
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) push('maxLength', { limit: schema.maxLength });
    if (typeof schema.pattern === 'string') {
      let re = patterns.get(schema.pattern);
      if (!re) patterns.set(schema.pattern, (re = new RegExp(schema.pattern)));
      if (!re.test(value)) push('pattern', { pattern: schema.pattern });
    }
    if (schema.format === 'date-time' && !isDateTime(value)) push('format', { format: 'date-time' });
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) push('minimum', { comparison: '>=', limit: schema.minimum });
    if (typeof schema.maximum === 'number' && value > schema.maximum) push('maximum', { comparison: '<=', limit: schema.maximum });
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(e, value))) push('enum', { allowedValues: schema.enum });
}

/** A validator for the schema, or null when it uses a keyword this one does not know. */
export function subsetValidator(schema: JsonObject): ((value: JsonValue) => SchemaError[]) | null {
  if (!supported(schema)) return null;
  const patterns = new Map<string, RegExp>();
  return (value) => {
    const out: SchemaError[] = [];
    walk(schema, value, '', out, patterns);
    return out;
  };
}
