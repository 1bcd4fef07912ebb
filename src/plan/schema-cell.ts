/**
 * A JSON Schema cell checked against what draft-04 allows for each keyword it sets, so a mistyped patch is
 * an error on its cell rather than a 400 from Segment. Unknown keywords are allowed (Segment keeps labels,
 * ids and the like); a null removes a keyword and is always allowed.
 */
import { canonicalJson, hasOwn, isJsonObject, JsonObject, JsonValue, protoKeyPath } from '../json/json';
import { quoted } from './problems';
import { patternProblem } from './regex';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

type Check = (value: JsonValue, where: string, out: string[]) => void;

const isCount = (v: JsonValue) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function expect(ok: boolean, message: string, out: string[]): void {
  if (!ok) out.push(message);
}

const schemaMap: Check = (value, where, out) => {
  if (!isJsonObject(value)) return void out.push(`${where} must be an object of schemas`);
  for (const [key, sub] of Object.entries(value)) if (sub !== null) checkSchema(sub, `${where}.${key}`, out);
};

const schemaList: Check = (value, where, out) => {
  if (!Array.isArray(value) || value.length === 0) return void out.push(`${where} must be a non-empty list of schemas`);
  value.forEach((sub, i) => checkSchema(sub, `${where}[${i}]`, out));
};

const KEYWORDS: Record<string, Check> = {
  type: (v, w, out) => {
    const list = Array.isArray(v) ? v : [v];
    expect(
      list.length > 0 && list.every((t) => typeof t === 'string' && TYPES.has(t)) && distinct(list),
      `${w} must name JSON types, each once (string, number, integer, boolean, object, array, null)`,
      out,
    );
  },
  enum: (v, w, out) => expect(Array.isArray(v) && v.length > 0 && distinct(v), `${w} must be a non-empty list of distinct values`, out),
  id: (v, w, out) => expect(typeof v === 'string', `${w} must be a string`, out),
  $schema: (v, w, out) => expect(typeof v === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(v), `${w} must be an absolute URI`, out),
  dependencies: (v, w, out) => {
    if (!isJsonObject(v)) return void out.push(`${w} must be an object`);
    for (const [name, dependency] of Object.entries(v)) {
      if (Array.isArray(dependency)) {
        expect(
          dependency.length > 0 && dependency.every((d) => typeof d === 'string') && distinct(dependency),
          `${w}.${name} must be a non-empty list of distinct property names`,
          out,
        );
      } else if (dependency !== null) checkSchema(dependency, `${w}.${name}`, out);
    }
  },
  required: (v, w, out) =>
    expect(
      Array.isArray(v) && v.length > 0 && v.every((r) => typeof r === 'string') && new Set(v).size === v.length,
      `${w} must be a non-empty list of distinct property names`,
      out,
    ),
  properties: schemaMap,
  patternProperties: (v, w, out) => {
    schemaMap(v, w, out);
    if (!isJsonObject(v)) return;
    // Each key is a pattern, which Segment compiles with RE2 as it does a pattern keyword.
    for (const key of Object.keys(v)) {
      const problem = patternProblem(key);
      if (problem) out.push(`${w} key ${quoted(key)} ${problem}`);
    }
  },
  definitions: schemaMap,
  items: (v, w, out) => (Array.isArray(v) ? schemaList(v, w, out) : checkSchema(v, w, out)),
  additionalProperties: (v, w, out) => (typeof v === 'boolean' ? undefined : checkSchema(v, w, out)),
  additionalItems: (v, w, out) => (typeof v === 'boolean' ? undefined : checkSchema(v, w, out)),
  allOf: schemaList,
  anyOf: schemaList,
  oneOf: schemaList,
  not: (v, w, out) => checkSchema(v, w, out),
  pattern: (v, w, out) => {
    if (typeof v !== 'string') return void out.push(`${w} must be a string`);
    const problem = patternProblem(v);
    if (problem) out.push(`${w} ${problem}`);
  },
  format: (v, w, out) => expect(typeof v === 'string', `${w} must be a string`, out),
  description: (v, w, out) => expect(typeof v === 'string', `${w} must be a string`, out),
  title: (v, w, out) => expect(typeof v === 'string', `${w} must be a string`, out),
  $ref: (v, w, out) => expect(typeof v === 'string', `${w} must be a string`, out),
  minimum: (v, w, out) => expect(typeof v === 'number', `${w} must be a number`, out),
  maximum: (v, w, out) => expect(typeof v === 'number', `${w} must be a number`, out),
  exclusiveMinimum: (v, w, out) => expect(typeof v === 'boolean', `${w} must be true or false in draft-04`, out),
  exclusiveMaximum: (v, w, out) => expect(typeof v === 'boolean', `${w} must be true or false in draft-04`, out),
  multipleOf: (v, w, out) => expect(typeof v === 'number' && v > 0, `${w} must be a number above 0`, out),
  minLength: (v, w, out) => expect(isCount(v), `${w} must be a whole number of 0 or more`, out),
  maxLength: (v, w, out) => expect(isCount(v), `${w} must be a whole number of 0 or more`, out),
  minItems: (v, w, out) => expect(isCount(v), `${w} must be a whole number of 0 or more`, out),
  maxItems: (v, w, out) => expect(isCount(v), `${w} must be a whole number of 0 or more`, out),
  minProperties: (v, w, out) => expect(isCount(v), `${w} must be a whole number of 0 or more`, out),
  maxProperties: (v, w, out) => expect(isCount(v), `${w} must be a whole number of 0 or more`, out),
  uniqueItems: (v, w, out) => expect(typeof v === 'boolean', `${w} must be true or false`, out),
};

/** Distinct as JSON values, as draft-04's uniqueItems means. */
function distinct(list: readonly JsonValue[]): boolean {
  return new Set(list.map((v) => canonicalJson(v))).size === list.length;
}

function checkSchema(value: JsonValue, where: string, out: string[]): void {
  if (!isJsonObject(value)) return void out.push(`${where} must be a schema (a JSON object)`);
  for (const [key, sub] of Object.entries(value)) {
    const check = hasOwn(KEYWORDS, key) ? KEYWORDS[key] : undefined;
    if (sub !== null && check) check(sub, `${where}.${key}`, out);
  }
}

/** What is wrong with a JSON Schema cell's keywords, one line each (empty when nothing). */
export function schemaPatchProblems(patch: JsonObject): string[] {
  const proto = protoKeyPath(patch);
  if (proto) return [`${proto} uses the key "__proto__", which JavaScript reserves: it would be lost or corrupt the schema. Remove it`];
  const out: string[] = [];
  checkSchema(patch, '$', out);
  return out.map((line) => line.replace(/^\$\.?/, '') || line);
}
