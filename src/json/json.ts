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
