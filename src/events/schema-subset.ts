/**
 * A draft-04 validator for the keywords the sheet's rules use, walking the schema instead of generating code:
 * compiling 2,000 rules with a code-generating validator costs seconds, walking costs nothing. A schema with any
 * other keyword (a JSON Schema cell can add oneOf, $ref, …) is not taken: `subsetValidator` answers null and the
 * caller uses a full validator. Errors are in ajv's shape, so both word the same.
 */
import { hasOwn, isJsonObject, JsonObject, jsonEqual, JsonValue } from '../json/json';
import { PatternMatcher, patternMatcher } from '../plan/regex';
import type { SchemaError } from './check-calls';
import { isDateTime } from './date-time';

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

const escapeKey = (key: string) => (/[~/]/.test(key) ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key);

/** Numeric limits, apart from the node: most nodes have none, and a node is made for every property of 2,000 rules. */
interface Bounds {
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/**
 * A schema read once into what the walk needs, so that checking a call allocates nothing but its errors: a rule is
 * run on every call of its event, often millions of times.
 */
interface Node {
  /** The `type` keyword as written (errors quote it) and as a list. */
  typeParam: JsonValue | undefined;
  types: readonly string[] | null;
  required: readonly string[];
  /** Each property: its key and its schema. */
  properties: readonly (readonly [string, Node])[];
  /** The keys `properties` names, when `additionalProperties` is false (null when any key may come). */
  onlyKeys: ReadonlySet<string> | null;
  items: Node | null;
  bounds: Bounds | null;
  pattern: { source: string; re: PatternMatcher } | null;
  dateTime: boolean;
  enum: readonly JsonValue[] | null;
  /** Whether the node's place in the call is the same in every call: no array item above it. */
  fixed: boolean;
  /**
   * Errors made at a fixed node, by keyword and by the name of the property missing, made on first need: a call
   * missing a required property gets the very error object the previous one got.
   */
  made: Map<string, SchemaError> | null;
  missing: Map<string, SchemaError> | null;
}

const NONE: readonly never[] = [];
const BOUNDS = ['minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum'] as const;
/** One list per type: most nodes have a single type, and need not each hold an array of it. */
const SINGLE_TYPES = new Map<string, readonly string[]>();

function boundsOf(schema: JsonObject): Bounds | null {
  let bounds: Bounds | null = null;
  for (const keyword of BOUNDS) {
    const limit = schema[keyword];
    if (typeof limit === 'number') (bounds ??= {})[keyword] = limit;
  }
  return bounds;
}

function typesOf(type: JsonValue | undefined): readonly string[] | null {
  if (type === undefined) return null;
  if (Array.isArray(type)) return type as string[];
  let single = SINGLE_TYPES.get(type as string);
  if (!single) SINGLE_TYPES.set(type as string, (single = [type as string]));
  return single;
}

function compile(schema: JsonObject, patterns: Map<string, PatternMatcher>, fixed: boolean): Node {
  const properties = isJsonObject(schema.properties) ? Object.entries(schema.properties) : NONE;
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : null;
  let re = pattern === null ? undefined : patterns.get(pattern);
  if (pattern !== null && !re) patterns.set(pattern, (re = patternMatcher(pattern)));
  const required = schema.required as string[] | undefined;
  return {
    typeParam: schema.type,
    types: typesOf(schema.type),
    required: required && required.length > 0 ? required : NONE,
    properties:
      properties.length === 0 ? NONE : properties.map(([key, child]) => [key, compile(child as JsonObject, patterns, fixed)] as const),
    onlyKeys: schema.additionalProperties === false ? new Set(properties.map(([key]) => key)) : null,
    items: isJsonObject(schema.items) ? compile(schema.items, patterns, false) : null,
    bounds: boundsOf(schema),
    pattern: pattern !== null && re ? { source: pattern, re } : null,
    dateTime: schema.format === 'date-time',
    enum: Array.isArray(schema.enum) ? schema.enum : null,
    fixed,
    made: null,
    missing: null,
  };
}

/**
 * Where the walk is in the call, as a stack of keys: turned into a JSON Pointer only for an error, since most
 * values walked have none.
 */
type Place = string[];

type Failure =
  | 'type'
  | 'required'
  | 'additionalProperties'
  | 'minItems'
  | 'maxItems'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'format'
  | 'minimum'
  | 'maximum'
  | 'enum';

/** The error's parameters, as ajv gives them; `name` is the property missing or not allowed. */
function paramsOf(node: Node, keyword: Failure, name: string): Record<string, unknown> {
  switch (keyword) {
    case 'type':
      return { type: node.typeParam };
    case 'required':
      return { missingProperty: name };
    case 'additionalProperties':
      return { additionalProperty: name };
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return { limit: node.bounds?.[keyword] };
    case 'minimum':
      return { comparison: '>=', limit: node.bounds?.minimum };
    case 'maximum':
      return { comparison: '<=', limit: node.bounds?.maximum };
    case 'pattern':
      return { pattern: node.pattern?.source };
    case 'format':
      return { format: 'date-time' };
    case 'enum':
      return { allowedValues: node.enum };
  }
}

/**
 * Adds an error at the node. Where the node's place is fixed, the error is made once and handed out again (marked
 * `reused`, so the caller may work out its wording once too); only a property not allowed, whose name comes from
 * the call, and errors under array items are made each time.
 */
function fail(node: Node, place: Place, out: SchemaError[], keyword: Failure, name = ''): void {
  const reusable = node.fixed && keyword !== 'additionalProperties';
  const made = !reusable
    ? null
    : keyword === 'required'
      ? (node.missing ??= new Map<string, SchemaError>())
      : (node.made ??= new Map<string, SchemaError>());
  const key = keyword === 'required' ? name : keyword;
  const known = made?.get(key);
  if (known) {
    out.push(known);
    return;
  }
  const instancePath = place.length === 0 ? '' : `/${place.map(escapeKey).join('/')}`;
  const e: SchemaError = { keyword, instancePath, params: paramsOf(node, keyword, name), keys: [...place], reused: reusable };
  made?.set(key, e);
  out.push(e);
}

function walkObject(node: Node, value: JsonObject, place: Place, out: SchemaError[]): void {
  for (const key of node.required) if (!hasOwn(value, key)) fail(node, place, out, 'required', key);
  for (const [key, child] of node.properties) {
    // An absent key reads undefined (JSON holds none), so only a present one is asked whether it is the object's own.
    const member: JsonValue | undefined = value[key];
    if (member === undefined || !hasOwn(value, key)) continue;
    place.push(key);
    walk(child, member, place, out);
    place.pop();
  }
  if (node.onlyKeys) {
    for (const key of Object.keys(value)) if (!node.onlyKeys.has(key)) fail(node, place, out, 'additionalProperties', key);
  }
}

function walkArray(node: Node, value: JsonValue[], place: Place, out: SchemaError[]): void {
  const { bounds } = node;
  if (bounds?.minItems !== undefined && value.length < bounds.minItems) fail(node, place, out, 'minItems');
  if (bounds?.maxItems !== undefined && value.length > bounds.maxItems) fail(node, place, out, 'maxItems');
  if (!node.items) return;
  let i = 0;
  for (const item of value) {
    place.push(String(i++));
    walk(node.items, item, place, out);
    place.pop();
  }
}

function walkString(node: Node, value: string, place: Place, out: SchemaError[]): void {
  const { bounds } = node;
  if (bounds) {
    if (bounds.minLength !== undefined && !hasLength(value, bounds.minLength)) fail(node, place, out, 'minLength');
    if (bounds.maxLength !== undefined && hasLength(value, bounds.maxLength + 1)) fail(node, place, out, 'maxLength');
  }
  if (node.pattern && !node.pattern.re.test(value)) fail(node, place, out, 'pattern');
  if (node.dateTime && !isDateTime(value)) fail(node, place, out, 'format');
}

/**
 * Whether the string has at least `n` characters, counted in code points as JSON Schema counts them (an emoji is one
 * character, not two UTF-16 units). Only as much of it is counted as the answer needs: a string has at least half
 * as many code points as UTF-16 units, and at most as many, so most answers need no counting at all, and none
 * builds anything (Array.from on a 50 MB string took 1.2 GB).
 */
function hasLength(text: string, n: number): boolean {
  if (text.length < n) return false;
  if (Math.ceil(text.length / 2) >= n) return true;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count >= n) return true;
  }
  return false;
}

// Loops rather than .some(callback): no closure is made per value walked.
function hasAnyType(value: JsonValue, types: readonly string[]): boolean {
  for (const type of types) if (hasType(value, type)) return true;
  return false;
}

function isOneOf(value: JsonValue, allowed: readonly JsonValue[]): boolean {
  // JSON values equal as JSON (key order aside), as `enum` compares them.
  for (const a of allowed) if (jsonEqual(a, value)) return true;
  return false;
}

/** The errors in ajv's order for the same schema: type, object keywords, array, string, number, then enum. */
function walk(node: Node, value: JsonValue, place: Place, out: SchemaError[]): void {
  if (node.types && !hasAnyType(value, node.types)) fail(node, place, out, 'type');
  if (isJsonObject(value)) walkObject(node, value, place, out);
  else if (Array.isArray(value)) walkArray(node, value, place, out);
  else if (typeof value === 'string') walkString(node, value, place, out);
  else if (typeof value === 'number' && node.bounds) {
    const { minimum, maximum } = node.bounds;
    if (minimum !== undefined && value < minimum) fail(node, place, out, 'minimum');
    if (maximum !== undefined && value > maximum) fail(node, place, out, 'maximum');
  }
  if (node.enum && !isOneOf(value, node.enum)) fail(node, place, out, 'enum');
}

/** A validator for the schema, or null when it uses a keyword this one does not know. */
export function subsetValidator(schema: JsonObject): ((value: JsonValue) => SchemaError[]) | null {
  if (!supported(schema)) return null;
  const root = compile(schema, new Map(), true);
  return (value) => {
    const out: SchemaError[] = [];
    walk(root, value, [], out);
    return out;
  };
}
