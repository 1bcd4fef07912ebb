export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted, so two documents that mean the same compare equal as strings
 * whatever order a server wrote their keys in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      // defineProperty keeps a "__proto__" key a key; every other key is assigned, which is many times faster.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: sortKeys(value[key]), enumerable: true, writable: true, configurable: true });
      else out[key] = sortKeys(value[key]) as JsonValue;
    }
    return out;
  }
  return value;
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * Names JavaScript gives a meaning on every object. As a property, label or schema key they break code that
 * builds objects by assignment (a `__proto__` key sets the prototype instead), here and in the validators and
 * analytics libraries that read the plan, so they are refused at their cell.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The first `__proto__` key anywhere in a JSON value, as a path (`properties.__proto__`), or null. */
export function protoKeyPath(value: unknown): string | null {
  // A stack, not recursion: a cell can nest thousands of levels deep.
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (Array.isArray(node)) node.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    else if (isJsonObject(node)) {
      for (const key of Object.keys(node)) {
        const here = path ? `${path}.${key}` : key;
        if (key === '__proto__') return here;
        stack.push([node[key], here]);
      }
    }
  }
  return null;
}

/**
 * Whether two values have the same canonical JSON, `canonicalJson(a) === canonicalJson(b)`, without building either:
 * big plans compare thousands of rules at every Send.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const x = jsonLeaf(a);
  const y = jsonLeaf(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    // In an array, what JSON leaves out is written null.
    for (let i = 0; i < x.length; i++) if (!jsonEqual(orNull(x[i]), orNull(y[i]))) return false;
    return true;
  }
  const xs = x as Record<string, unknown>;
  const ys = y as Record<string, unknown>;
  const keys = Object.keys(xs).filter((k) => jsonLeaf(xs[k]) !== OMITTED);
  if (keys.length !== Object.keys(ys).filter((k) => jsonLeaf(ys[k]) !== OMITTED).length) return false;
  return keys.every((k) => hasOwn(ys, k) && jsonEqual(xs[k], ys[k]));
}

/** What JSON leaves out of an object: undefined, functions, symbols. */
const OMITTED = Symbol('omitted');

/** A value as JSON writes it, for comparing: NaN and the infinities are null; what it leaves out is OMITTED. */
function jsonLeaf(value: unknown): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return OMITTED;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

function orNull(value: unknown): unknown {
  return jsonLeaf(value) === OMITTED ? null : value;
}
