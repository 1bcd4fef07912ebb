/**
 * JSON Merge Patch (RFC 7386): the form of the JSON Schema column. A patch's keys replace the schema's,
 * objects merge recursively, and null removes a key, so a patch can express any difference between the
 * schema the columns build and the one Segment holds.
 */
import { hasOwn, isJsonObject, JsonObject, jsonEqual, JsonValue } from '../json/json';

export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return clone(patch);
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(hasOwn(out, key) ? out[key] : undefined, value);
  }
  return out;
}

/** The smallest merge patch that turns `from` into `to` (both objects). */
export function mergePatchBetween(from: JsonObject, to: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) if (!hasOwn(to, key)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    if (!hasOwn(from, key)) patch[key] = clone(value);
    else if (!jsonEqual(from[key], value)) {
      patch[key] = isJsonObject(from[key]) && isJsonObject(value) && !hasNull(value) ? mergePatchBetween(from[key], value) : clone(value);
    }
  }
  return patch;
}

/** A null inside an object cannot be written by a merge patch (null means "remove"). */
function hasNull(value: JsonValue): boolean {
  if (value === null) return true;
  if (isJsonObject(value)) return Object.values(value).some(hasNull);
  return false;
}

function clone<T extends JsonValue>(value: T): T {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T);
}
