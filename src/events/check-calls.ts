/**
 * Calls checked against the plan the way Segment does it: a track call by its event name and
 * `context.protocols.event_version` (the oldest version when it names none or an unknown one), identify and group
 * calls by their traits rule, page and screen calls by their name, and the common rule on every call. Each
 * violation is worded as Segment's (Go JSON Schema) validator words it.
 */
import { hasOwn, isJsonObject, JsonObject, JsonValue } from '../json/json';
import type { EventDefinition, PropertyDefinition, TrackingPlan } from '../plan/model';
import { ruleSchema } from '../schema/build-rules';
import type { Call } from './read-calls';
import { shortJson } from './shown';
import { unplannedProperties } from './unplanned-properties';

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
  /** `unchecked`: a rule it falls under could not be checked (see `unchecked`), and no other rule found fault. */
  status: 'pass' | 'violates' | 'unplanned' | 'unchecked';
  violations: Violation[];
  /** Why the call was not checked against a rule: the rule cannot be compiled, or the call broke its validator. */
  unchecked?: string;
}

/** A rule whose validator could not be made: said once, and its calls are checked against the other rules only. */
export interface UncheckableRule {
  rule: string;
  /** The sheet row of the rule. */
  row: number;
  reason: string;
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
  /** Compiled on first use (a sample of calls touches a few of a plan's 2,000 rules); null when it cannot be. */
  validate: ((value: JsonValue) => SchemaError[]) | null | undefined;
}

export class CallChecker {
  private readonly tracks = new Map<string, Rule[]>();
  private readonly named = new Map<string, Rule>();
  private readonly traits = new Map<string, Rule>();
  private common: Rule | null = null;
  /** The rules that could not be compiled, in the order calls first needed them. */
  readonly uncheckable: UncheckableRule[] = [];

  constructor(
    plan: TrackingPlan,
    private readonly compile: CompileSchema,
  ) {
    const rule = (event: EventDefinition, label: string, call: string | null): Rule => ({
      label,
      call,
      event,
      version: event.version,
      rows: new Map(),
      known: new Map(),
      validate: undefined,
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
    const rule = this.ruleOf(call);
    const unplanned = call.type === 'track' && !rule;
    // Loops, not flatMap: this runs for every call, and a call in the worst case breaks dozens of rules.
    const violations: Violation[] = unplanned ? [unplannedEvent(name)] : [];
    // Two calls, not a loop over [rule, common]: no array is made per call.
    const own = rule ? this.checkAgainst(rule, m, violations) : undefined;
    // The common rule is checked even when the call's own rule could not be.
    const common = this.common ? this.checkAgainst(this.common, m, violations) : undefined;
    const unchecked = own ?? common;
    const status = unplanned ? 'unplanned' : violations.length > 0 ? 'violates' : unchecked ? 'unchecked' : 'pass';
    const described = rule?.call ?? (typeof name === 'string' && name !== '' ? `${call.type} "${name}"` : call.type);
    const result: CallResult = { at: call.at, call: described, status, violations };
    if (unchecked) result.unchecked = unchecked;
    return result;
  }

  /** The rule a call is checked against (besides the common rule), if the plan has one. */
  private ruleOf(call: Call): Rule | null {
    const m = call.message;
    const name = call.type === 'track' ? m.event : m.name;
    if (call.type === 'track') return typeof name === 'string' ? this.trackRule(name, m) : null;
    if (call.type === 'page' || call.type === 'screen')
      return typeof name === 'string' ? (this.named.get(`${call.type}\u0000${name}`) ?? null) : null;
    return this.traits.get(call.type) ?? null;
  }

  /** The rule a call is checked against besides the common rule (null: none), and the common rule. */
  rulesOf(call: Call): { rule: EventDefinition | null; common: EventDefinition | null } {
    return { rule: this.ruleOf(call)?.event ?? null, common: this.common?.event ?? null };
  }

  /** Properties (or traits) the call sends that its rule does not name: see unplanned-properties.ts. */
  unplannedProperties(call: Call): { paths: string[]; row: number | null } {
    const rule = this.ruleOf(call);
    return { paths: unplannedProperties(call.message, rule?.event ?? null, this.common?.event ?? null), row: rule?.event.row ?? null };
  }

  /** Adds the rule's violations of the message, or answers why it could not be checked. */
  private checkAgainst(rule: Rule, message: JsonObject, violations: Violation[]): string | undefined {
    const errors = this.errorsOf(rule, message);
    if (typeof errors === 'string') return errors;
    for (const e of errors) violations.push(this.violationOf(rule, e, message));
    return undefined;
  }

  /**
   * The rule's errors for the message, or why it could not be checked. A rule that cannot compile (a `$ref` to a
   * definition that is not there) is recorded once; a validator that throws on one call (a schema that recurses as
   * deep as the call nests) fails that call only. Either way the other rules and calls are still checked.
   */
  private errorsOf(rule: Rule, message: JsonObject): SchemaError[] | string {
    if (rule.validate === undefined) {
      try {
        rule.validate = this.compile(ruleSchema(rule.event));
      } catch (e) {
        rule.validate = null;
        this.uncheckable.push({ rule: rule.label, row: rule.event.row, reason: errorText(e) });
      }
    }
    if (rule.validate === null) return `${rule.label} cannot be checked: its schema does not compile.`;
    try {
      return rule.validate(message);
    } catch (e) {
      return `cannot be checked against ${rule.label}: ${validateFailure(e)}`;
    }
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
    given: typeof name === 'string' ? name : shortJson(name ?? null),
    message: `Unplanned event: ${shown} is not in the tracking plan.`,
    row: null,
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Why checking one call failed: a stack overflow is the call's nesting (other RangeErrors say their own reason). */
function validateFailure(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'the call is nested too deeply to check.';
  return errorText(e);
}

/**
 * `context.protocols.event_version` when it is a whole number, else null (the oldest version applies). Segment
 * documents it as a number; nothing it publishes says a string is read as one, so `"2"` (like `"0x2"`, `"2e0"` or
 * `" 2 "`, which Number() would all read as 2) is no version.
 */
function eventVersion(message: JsonObject): number | null {
  const context = hasOwn(message, 'context') ? message.context : undefined;
  const protocols = isJsonObject(context) && hasOwn(context, 'protocols') ? context.protocols : undefined;
  const v = isJsonObject(protocols) && hasOwn(protocols, 'event_version') ? protocols.event_version : undefined;
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
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
    current = Array.isArray(current) ? current[Number(key)] : hasOwn(current, key) ? current[key] : undefined;
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
  return value === undefined ? 'missing' : shortJson(value);
}

/**
 * The row of the property a violation path points into (`properties.products.0.sku` is the row of `products.$.sku`,
 * or of the deepest part of it the plan defines), else the rule's own row. A property a group brought is defined on
 * Property Groups, not on the plan's row of that number: the deepest part the plan's sheet defines is taken.
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
        if (!current.items.implicit && current.items.sheet === undefined) row = current.items.row;
        level = current.items.properties;
      }
      continue;
    }
    current = level.find((p) => p.key === part);
    if (!current) break;
    if (!current.implicit && current.sheet === undefined) row = current.row;
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
