/**
 * Calls checked against the plan the way Segment does it: a track call by its event name and
 * `context.protocols.event_version` (the oldest version when it names none or an unknown one), identify and group
 * calls by their traits rule, page and screen calls by their name, and the common rule on every call. Each
 * violation is worded as Segment's (Go JSON Schema) validator words it.
 */
import { isJsonObject, JsonObject, JsonValue } from '../json/json';
import type { EventDefinition, PropertyDefinition, TrackingPlan } from '../plan/model';
import { ruleSchema } from '../schema/build-rules';
import type { Call } from './read-calls';

/** How many violation paths each rule remembers the sheet row of. */
const MAX_REMEMBERED_PATHS = 10_000;

/** One schema error, as any draft-04 validator reports it (ajv's shape, reduced to what the wording needs). */
export interface SchemaError {
  keyword: string;
  /** JSON Pointer of the offending value: `/properties/total`. */
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  /** The same path as keys (`['properties', 'a/b']`), when the validator has them: no pointer to parse. */
  keys?: readonly string[];
  /** The validator hands this very object for the same error in every call: its wording may be worked out once. */
  reused?: boolean;
}

/** The validator the adapter brings: compiled once per rule, run once per call. */
export type CompileSchema = (schema: JsonObject) => (value: JsonValue) => SchemaError[];

export interface Violation {
  /** The rule broken: `track "Order Completed" v2`, `identify traits`, `common`. */
  rule: string;
  /** Dotted path in the call: `properties.products.0.sku`. */
  path: string;
  expected: string;
  given: string;
  /** The sentence Segment shows. */
  message: string;
  /** The sheet row that defines what was broken (the property's row, else the rule's), null for an unplanned event. */
  row: number | null;
}

/** What a call came to. Its violations may be shared with other results (the same error twice): read, never change. */
export interface CallResult {
  at: string;
  /** What the call is: `track "Order Completed"`, `identify`. */
  call: string;
  status: 'pass' | 'violates' | 'unplanned';
  violations: Violation[];
}

interface Rule {
  label: string;
  /** The calls it checks, as a result describes them: `track "Order Completed"`, `identify` (null: varies). */
  call: string | null;
  event: EventDefinition;
  version: number;
  /** Violation paths repeat call after call: each one's row is found once. */
  rows: Map<string, number>;
  /** The violations of errors the validator hands out again (`reused`), by what was given. */
  known: Map<SchemaError, Map<string, Violation>>;
  validate: (value: JsonValue) => SchemaError[];
}

export class CallChecker {
  private readonly tracks = new Map<string, Rule[]>();
  private readonly named = new Map<string, Rule>();
  private readonly traits = new Map<string, Rule>();
  private common: Rule | null = null;

  constructor(plan: TrackingPlan, compile: CompileSchema) {
    const rule = (event: EventDefinition, label: string, call: string | null): Rule => ({
      label,
      call,
      event,
      version: event.version,
      rows: new Map(),
      known: new Map(),
      validate: lazily(() => compile(ruleSchema(event))),
    });
    for (const event of plan.events) {
      if (event.type === 'track') {
        const versions = this.tracks.get(event.name) ?? [];
        versions.push(rule(event, `track "${event.name}" v${event.version}`, event.name === '' ? 'track' : `track "${event.name}"`));
        this.tracks.set(event.name, versions);
      } else if (event.type === 'page' || event.type === 'screen') {
        const label = `${event.type} "${event.name}"`;
        this.named.set(`${event.type}\u0000${event.name}`, rule(event, label, event.name === '' ? event.type : label));
      } else if (event.type === 'common') {
        this.common = rule(event, 'common', null);
      } else {
        this.traits.set(event.type, rule(event, `${event.type} traits`, null));
      }
    }
    // The oldest version first: the one a call without a version is checked against.
    for (const versions of this.tracks.values()) versions.sort((a, b) => a.version - b.version);
  }

  check(call: Call): CallResult {
    const m = call.message;
    const name = call.type === 'track' ? m.event : m.name;
    let rule: Rule | null | undefined = null;
    if (call.type === 'track') rule = typeof name === 'string' ? this.trackRule(name, m) : null;
    else if (call.type === 'page' || call.type === 'screen')
      rule = typeof name === 'string' ? this.named.get(`${call.type}\u0000${name}`) : null;
    else rule = this.traits.get(call.type);
    const unplanned = call.type === 'track' && !rule;
    // Loops, not flatMap: this runs for every call, and a call in the worst case breaks dozens of rules.
    const violations: Violation[] = unplanned ? [unplannedEvent(name)] : [];
    if (rule) for (const e of rule.validate(m)) violations.push(this.violationOf(rule, e, m));
    if (this.common) for (const e of this.common.validate(m)) violations.push(this.violationOf(this.common, e, m));
    const status = unplanned ? 'unplanned' : violations.length > 0 ? 'violates' : 'pass';
    const described = rule?.call ?? (typeof name === 'string' && name !== '' ? `${call.type} "${name}"` : call.type);
    return { at: call.at, call: described, status, violations };
  }

  /**
   * The violation an error stands for. An error the validator hands out again has its violation worded once: only
   * the value given varies between calls, and a missing property or a type error words even that the same way.
   */
  private violationOf(rule: Rule, e: SchemaError, message: JsonObject): Violation {
    if (!e.reused) return this.placed(rule, violation(rule.label, e, message));
    let byGiven = rule.known.get(e);
    if (!byGiven) rule.known.set(e, (byGiven = new Map<string, Violation>()));
    const keys = e.keys ?? pointerKeys(e.instancePath);
    const wordedOnce = e.keyword === 'required' ? 'missing' : e.keyword === 'type' ? jsonType(at(message, keys)) : '';
    const known = byGiven.get(wordedOnce);
    if (known && wordedOnce !== '') return known;
    // Other keywords (a pattern, a bound) show the value given, and only that differs from the first violation.
    if (known) return { ...known, given: shown(at(message, keys)) };
    const made = this.placed(rule, violation(rule.label, e, message));
    byGiven.set(wordedOnce, made);
    return made;
  }

  /** The violation with the sheet row of what it broke. */
  private placed(rule: Rule, v: Violation): Violation {
    let row = rule.rows.get(v.path);
    if (row === undefined) {
      row = definingRow(rule.event, v.path);
      // Paths come from the calls (an unplanned key under additionalProperties: false is a path of its own in each
      // call), so the memo stops growing at a size a plan's own paths never reach: memory stays bounded.
      if (rule.rows.size < MAX_REMEMBERED_PATHS) rule.rows.set(v.path, row);
    }
    v.row = row;
    return v;
  }

  private trackRule(name: string, message: JsonObject): Rule | null {
    const versions = this.tracks.get(name);
    if (!versions || versions.length === 0) return null;
    const wanted = eventVersion(message);
    if (wanted !== null) for (const rule of versions) if (rule.version === wanted) return rule;
    return versions[0] ?? null;
  }
}

function unplannedEvent(name: JsonValue | undefined): Violation {
  const shown = typeof name === 'string' ? `"${name}"` : 'with no event name';
  return {
    rule: 'plan',
    path: 'event',
    expected: 'an event in the plan',
    given: typeof name === 'string' ? name : JSON.stringify(name ?? null),
    message: `Unplanned event: ${shown} is not in the tracking plan.`,
    row: null,
  };
}

/** A validator compiled on first use: a sample of calls touches a few of a plan's 2,000 rules. */
function lazily(make: () => (value: JsonValue) => SchemaError[]): (value: JsonValue) => SchemaError[] {
  let validate: ((value: JsonValue) => SchemaError[]) | null = null;
  return (value) => (validate ??= make())(value);
}

/** `context.protocols.event_version`, as a number, or null. */
function eventVersion(message: JsonObject): number | null {
  const context = message.context;
  const protocols = isJsonObject(context) ? context.protocols : undefined;
  const v = isJsonObject(protocols) ? protocols.event_version : undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** The keys of a JSON Pointer (`/properties/a~1b` is properties, a/b), as validators report paths. */
function pointerKeys(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => (k.includes('~') ? k.replace(/~1/g, '/').replace(/~0/g, '~') : k));
}

function at(value: JsonValue, keys: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

/** The JSON type a validator would name for a value (`integer` for a whole number, as Go's validator does). */
function jsonType(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function shown(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The row of the property a violation path points into (`properties.products.0.sku` is the row of `products.$.sku`,
 * or of the deepest part of it the plan defines), else the rule's own row.
 */
function definingRow(event: EventDefinition, path: string): number {
  const parts = path.split('.');
  // properties.… and traits.… hold the event's properties; a common rule's paths (context.…) start at the call.
  const inside = event.type === 'common' ? (parts[0] === 'properties' ? parts.slice(1) : parts) : parts.slice(1);
  let row = event.row;
  let level: readonly PropertyDefinition[] = event.properties;
  let current: PropertyDefinition | undefined;
  for (const part of inside) {
    if (/^\d+$/.test(part)) {
      // An array index: the next part is a property of the items.
      if (current?.items) {
        if (!current.items.implicit) row = current.items.row;
        level = current.items.properties;
      }
      continue;
    }
    current = level.find((p) => p.key === part);
    if (!current) break;
    if (!current.implicit) row = current.row;
    level = current.properties;
  }
  return row;
}

/** The violation as Segment words it; its row is filled in by the caller. */
function violation(rule: string, e: SchemaError, message: JsonObject): Violation {
  const keys = e.keys ?? pointerKeys(e.instancePath);
  const value = at(message, keys);
  const path = keys.join('.');
  const p = e.params;
  const limit = typeof p.limit === 'number' || typeof p.limit === 'string' ? String(p.limit) : '';
  const of = (expected: string, sentence: string, given = shown(value), where = path): Violation => ({
    rule,
    path: where,
    expected,
    given,
    message: sentence,
    row: null,
  });
  switch (e.keyword) {
    case 'required': {
      const where = [path, String(p.missingProperty)].filter(Boolean).join('.');
      return of('present', `${where} is required`, 'missing', where);
    }
    case 'type': {
      const expected = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).join(' or ');
      return of(expected, `Invalid type. Expected: ${expected}, given: ${jsonType(value)}`, jsonType(value));
    }
    case 'enum': {
      const allowed = (Array.isArray(p.allowedValues) ? p.allowedValues : []).map((v) => JSON.stringify(v)).join(', ');
      return of(`one of ${allowed}`, `${path || '(root)'} must be one of the following: ${allowed}`);
    }
    case 'pattern':
      return of(`match /${String(p.pattern)}/`, `Does not match pattern '${String(p.pattern)}'`);
    case 'format':
      return of(String(p.format), `Does not match format '${String(p.format)}'`);
    case 'minimum':
      return of(`>= ${limit}`, `Must be greater than or equal to ${limit}`);
    case 'maximum':
      return of(`<= ${limit}`, `Must be less than or equal to ${limit}`);
    case 'minLength':
      return of(`length >= ${limit}`, `String length must be greater than or equal to ${limit}`);
    case 'maxLength':
      return of(`length <= ${limit}`, `String length must be less than or equal to ${limit}`);
    case 'minItems':
      return of(`>= ${limit} items`, `Array must have at least ${limit} items`);
    case 'maxItems':
      return of(`<= ${limit} items`, `Array must have at most ${limit} items`);
    case 'additionalProperties': {
      const extra = String(p.additionalProperty);
      const where = [path, extra].filter(Boolean).join('.');
      return of('no other properties', `Additional property ${extra} is not allowed`, shown(at(message, [...keys, extra])), where);
    }
    default:
      return of(e.keyword, e.message ?? `Fails ${e.keyword}`);
  }
}
