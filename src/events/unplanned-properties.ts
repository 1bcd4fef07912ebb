/**
 * Properties a call sends that its rule does not name. Segment lets them through a rule that does not forbid them,
 * but a workspace's Protocols settings can block or omit unplanned properties, and destinations may drop them:
 * the add-on tells them as information, not as violations.
 */
import { hasOwn, isJsonObject, JsonObject, JsonValue } from '../json/json';
import type { EventDefinition, PropertyDefinition } from '../plan/model';

/** At most this many paths a call: a call can hold thousands of keys, and a few name the problem. */
const MAX_PATHS = 50;

/**
 * The paths (`properties.coupon`, `properties.products.$.colour`) under the call's properties (or traits, for
 * identify and group rules) that neither its rule nor the common rule defines. Only objects the plan describes
 * key by key are looked into: a property typed `object` with no rows under it, or with a JSON Schema cell, takes
 * anything.
 */
export function unplannedProperties(message: JsonObject, rule: EventDefinition | null, common: EventDefinition | null): string[] {
  if (!rule || rule.schemaPatch) return [];
  const section = rule.type === 'identify' || rule.type === 'group' ? 'traits' : 'properties';
  const value = hasOwn(message, section) ? message[section] : undefined;
  if (!isJsonObject(value)) return [];
  // A common rule's paths other than context.… constrain every call's properties.
  const planned = [...rule.properties, ...(section === 'properties' && common ? common.properties.filter((p) => p.key !== 'context') : [])];
  const found = new Set<string>();
  walk(value, planned, section, found);
  return [...found];
}

function walk(value: JsonObject, planned: readonly PropertyDefinition[], path: string, found: Set<string>): void {
  for (const key of Object.keys(value)) {
    if (found.size >= MAX_PATHS) return;
    const definition = planned.find((p) => p.key === key);
    const at = `${path}.${key}`;
    if (!definition) {
      found.add(at);
      continue;
    }
    if (definition.schemaPatch) continue;
    const inner = value[key];
    if (inner !== undefined) into(inner, definition, at, found);
  }
}

/** Looks inside a defined property's value: its own keys, or each item of an array the plan describes. */
function into(value: JsonValue, definition: PropertyDefinition, path: string, found: Set<string>): void {
  if (isJsonObject(value) && definition.properties.length > 0) walk(value, definition.properties, path, found);
  const items = definition.items;
  if (Array.isArray(value) && items && !items.schemaPatch) for (const item of value) into(item, items, `${path}.$`, found);
}
