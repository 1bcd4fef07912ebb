/**
 * What an upload would change in Segment, rule by rule and property by property, in words an analyst reads
 * before saying yes.
 */
import { countProperties, eventLabel, EventDefinition, PropertyDefinition } from '../plan/model';
import { jsonEqual } from '../json/json';
import { readRules } from './read-rules';
import { PublicRule, ruleId } from './rules';

export interface RuleChange {
  /** `Order Completed`, `identify traits`, `page "Home"`. */
  rule: string;
  /** One line per difference: `property "coupon" added`, `"total": type string → number`. */
  details: string[];
}

export interface PlanDiff {
  added: RuleChange[];
  removed: RuleChange[];
  changed: RuleChange[];
  properties: { added: number; removed: number; changed: number };
  /** Every removal by name: rules, and properties of rules that stay. */
  removals: string[];
  /** The first properties counted in `properties`, by path and event (`coupon (Order Completed)`), for the Changelog. */
  propertyNames?: { added: string[]; removed: string[]; changed: string[] };
}

/** A rule read as the sheet's event: one rule is always one event. */
function eventOf(rule: PublicRule): EventDefinition {
  const [event] = readRules([rule]).events;
  if (!event) throw new Error(`rule ${rule.type} ${rule.key ?? ''} read as no event`);
  return event;
}

export function isEmptyDiff(diff: PlanDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

/** How `after` differs from `before` (both as Public API rules). */
export function diffRules(before: readonly PublicRule[], after: readonly PublicRule[]): PlanDiff {
  const diff: PlanDiff = {
    added: [],
    removed: [],
    changed: [],
    properties: { added: 0, removed: 0, changed: 0 },
    removals: [],
    propertyNames: { added: [], removed: [], changed: [] },
  };
  // Rules are matched by type, key and version: each version of an event is a rule of its own in Segment, so a
  // version that leaves the sheet is removed there, and says so.
  const old = new Map(before.map((r) => [ruleId(r), r]));
  const fresh = new Map(after.map((r) => [ruleId(r), r]));
  const versions = new Map<string, Set<number>>();
  for (const r of [...before, ...after]) {
    const key = `${r.type}\u0000${r.key ?? ''}`;
    versions.set(key, (versions.get(key) ?? new Set()).add(r.version));
  }
  // "Order Completed v2" wherever the name alone would not say which version.
  const label = (r: PublicRule, event: EventDefinition) =>
    `${eventLabel(event)}${r.version !== 1 || (versions.get(`${r.type}\u0000${r.key ?? ''}`)?.size ?? 0) > 1 ? ` v${r.version}` : ''}`;

  for (const [key, rule] of fresh) {
    const previous = old.get(key);
    // An unchanged rule is let go before it is read as an event: most rules of a big plan are unchanged.
    if (previous && jsonEqual(previous.jsonSchema, rule.jsonSchema)) continue;
    const event = eventOf(rule);
    if (!previous) {
      const count = countProperties(event.properties);
      diff.added.push({ rule: label(rule, event), details: [`added with ${count} propert${count === 1 ? 'y' : 'ies'}`] });
      diff.properties.added += count;
      nameProperties(diff, 'added', event, [...flatten(event.properties).keys()]);
      continue;
    }
    const change = compareEvents(eventOf(previous), event, diff);
    diff.changed.push({ ...change, rule: label(rule, event) });
  }
  const ruleRemovals: string[] = [];
  for (const [key, rule] of old) {
    if (fresh.has(key)) continue;
    const event = eventOf(rule);
    const count = countProperties(event.properties);
    const named = label(rule, event);
    diff.removed.push({ rule: named, details: [`removed with its ${count} propert${count === 1 ? 'y' : 'ies'}`] });
    diff.properties.removed += count;
    nameProperties(diff, 'removed', event, [...flatten(event.properties).keys()]);
    const removal = event.name ? `event "${event.name}"${named.endsWith(` v${rule.version}`) ? ` v${rule.version}` : ''}` : named;
    ruleRemovals.push(`${removal} (and its ${count} propert${count === 1 ? 'y' : 'ies'})`);
  }
  // Whole rules first, then properties of rules that stay.
  diff.removals = [...ruleRemovals, ...diff.removals];
  return diff;
}

function compareEvents(before: EventDefinition, after: EventDefinition, diff: PlanDiff): RuleChange {
  const details: string[] = [];
  if (before.description !== after.description) details.push(`description "${short(before.description)}" → "${short(after.description)}"`);
  const labels = (e: EventDefinition) => e.labels.map(([k, v]) => `${k}:${v}`).join(', ');
  if (labels(before) !== labels(after)) details.push(`labels "${labels(before)}" → "${labels(after)}"`);
  if (!jsonEqual(before.schemaPatch ?? null, after.schemaPatch ?? null)) details.push('other JSON Schema of the rule changed');
  const oldProps = flatten(before.properties);
  const newProps = flatten(after.properties);
  for (const [path, property] of newProps) {
    const previous = oldProps.get(path);
    if (!previous) {
      details.push(`property "${path}" added`);
      diff.properties.added++;
      nameProperties(diff, 'added', after, [path]);
      continue;
    }
    const changes = compareProperties(previous, property);
    if (changes.length > 0) {
      details.push(`"${path}": ${changes.join('; ')}`);
      diff.properties.changed++;
      nameProperties(diff, 'changed', after, [path]);
    }
  }
  for (const path of oldProps.keys()) {
    if (newProps.has(path)) continue;
    details.push(`property "${path}" removed`);
    diff.properties.removed++;
    nameProperties(diff, 'removed', before, [path]);
    diff.removals.push(`property "${path}" of ${before.name ? `event "${before.name}"` : eventLabel(before)}`);
  }
  if (details.length === 0) details.push('the rule’s JSON Schema changed');
  return { rule: eventLabel(after), details };
}

/** How many property names of each kind a diff keeps: the Changelog shows them, a first push may add 60,000. */
export const PROPERTY_NAMES_SHOWN = 5;

function nameProperties(diff: PlanDiff, kind: 'added' | 'removed' | 'changed', event: EventDefinition, paths: string[]): void {
  const names = diff.propertyNames?.[kind];
  for (const path of paths) {
    if (!names || names.length >= PROPERTY_NAMES_SHOWN) return;
    names.push(`${path} (${eventLabel(event)})`);
  }
}

function compareProperties(a: PropertyDefinition, b: PropertyDefinition): string[] {
  const out: string[] = [];
  const type = (p: PropertyDefinition) =>
    p.types.length === 0 ? 'any' : p.types.map((t) => (t === 'string' && p.format === 'date-time' ? 'date-time' : t)).join(', ');
  if (type(a) !== type(b)) out.push(`type ${type(a)} → ${type(b)}`);
  if (a.required !== b.required) out.push(b.required ? 'now required' : 'no longer required');
  const values = (p: PropertyDefinition) => (p.enum ? p.enum.map((v) => JSON.stringify(v)).join(', ') : 'any');
  if (values(a) !== values(b)) out.push(`allowed values ${values(a)} → ${values(b)}`);
  if ((a.pattern ?? '') !== (b.pattern ?? '')) out.push(`pattern ${a.pattern ?? '(none)'} → ${b.pattern ?? '(none)'}`);
  if (a.min !== b.min || a.max !== b.max) out.push(`min/max ${a.min ?? '-'}/${a.max ?? '-'} → ${b.min ?? '-'}/${b.max ?? '-'}`);
  if (a.description !== b.description) out.push(`description "${short(a.description)}" → "${short(b.description)}"`);
  if (!jsonEqual(a.schemaPatch ?? null, b.schemaPatch ?? null)) out.push('other JSON Schema changed');
  return out;
}

function flatten(properties: readonly PropertyDefinition[], out = new Map<string, PropertyDefinition>()): Map<string, PropertyDefinition> {
  for (const p of properties) {
    if (!p.implicit) out.set(p.path, p);
    flatten(p.properties, out);
    if (p.items) flatten([p.items], out);
  }
  return out;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The diff as the few lines a confirmation dialog can hold. */
export function diffSummary(diff: PlanDiff): string {
  if (isEmptyDiff(diff)) return 'Segment already matches the sheet.';
  const names = (changes: RuleChange[]) =>
    changes
      .slice(0, 10)
      .map((c) => c.rule)
      .join(', ') + (changes.length > 10 ? ', …' : '');
  const parts: string[] = [];
  if (diff.added.length > 0) parts.push(`${diff.added.length} added (${names(diff.added)})`);
  if (diff.removed.length > 0) parts.push(`${diff.removed.length} removed (${names(diff.removed)})`);
  if (diff.changed.length > 0) parts.push(`${diff.changed.length} changed (${names(diff.changed)})`);
  const p = diff.properties;
  return `Events and rules: ${parts.join('; ')}. Properties: ${p.added} added, ${p.removed} removed, ${p.changed} changed.`;
}

/** The whole diff, one line per rule change, for the Compare dialog and `cli diff`. */
export function diffLines(diff: PlanDiff): string[] {
  const lines: string[] = [];
  for (const [title, changes] of [
    ['Added', diff.added],
    ['Removed', diff.removed],
    ['Changed', diff.changed],
  ] as const) {
    for (const change of changes) lines.push(`${title}: ${change.rule}: ${change.details.join('; ')}`);
  }
  return lines;
}
