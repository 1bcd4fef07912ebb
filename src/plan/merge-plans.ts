/**
 * Several plans read from Segment (one per source) as one sheet: an event or property every plan has alike is one
 * row for every source; one only some plans have is scoped to their sources, so that each plan, restricted to its
 * sources again (planForSources), builds the very rules it came from.
 */
import { eventLabel, EventDefinition, PropertyDefinition, TrackingPlan } from './model';
import { quoted } from './problems';

export interface SourcedPlan {
  /** How the plan is named to the analyst (`Plan for Web`). */
  name: string;
  sources: string[];
  plan: TrackingPlan;
}

export interface MergedPlans {
  plan: TrackingPlan;
  /** What one sheet cannot hold: an event or property defined differently in two plans. */
  conflicts: string[];
}

/** Which of the plans (by index) hold each event and property of the merged plan. */
type Owners = Map<EventDefinition | PropertyDefinition, Set<number>>;

const eventSignature = (e: EventDefinition) => JSON.stringify([e.description, e.labels, e.schemaPatch ?? null]);

/** A property's own cells (not its children): two plans' rows for it are one row only when these agree. */
const propertySignature = (p: PropertyDefinition) =>
  JSON.stringify([
    p.description,
    p.types,
    p.format ?? null,
    p.required,
    p.enum ?? null,
    p.pattern ?? null,
    p.min ?? null,
    p.max ?? null,
    p.schemaPatch ?? null,
    p.implicit,
  ]);

export function mergeSourcedPlans(plans: readonly SourcedPlan[]): MergedPlans {
  const owners: Owners = new Map();
  const conflicts: string[] = [];
  const byKey = new Map<string, EventDefinition>();
  const events: EventDefinition[] = [];
  plans.forEach(({ name, plan }, i) => {
    for (const event of plan.events) {
      const key = `${event.type}\u0000${event.name}\u0000${event.version}`;
      const merged = byKey.get(key);
      if (!merged) {
        const copy = { ...event, properties: event.properties.map((p) => claim(p, i, owners)) };
        owners.set(copy, new Set([i]));
        byKey.set(key, copy);
        events.push(copy);
      } else if (eventSignature(merged) !== eventSignature(event)) {
        conflicts.push(
          `${eventLabel(event)}: its description, labels or JSON Schema differ in ${planOf(plans, owners, merged)} and ${name}.`,
        );
      } else {
        owners.get(merged)?.add(i);
        mergeProperties(merged.properties, event.properties, { i, plans, owners, conflicts, event: eventLabel(event) });
      }
    }
  });
  for (const event of events) {
    const held = owners.get(event) ?? new Set();
    if (held.size < plans.length) {
      if (!event.name)
        conflicts.push(
          `${eventLabel(event)}: only ${[...held].map((i) => plans[i]?.name).join(', ')} has them; one sheet cannot scope them.`,
        );
      event.sources = sourcesOf(plans, held);
    }
    scope(event.properties, held, plans, owners);
  }
  return { plan: { events }, conflicts };
}

/** A property of plan `i`, copied with every property under it, each owned by that plan. */
function claim(p: PropertyDefinition, i: number, owners: Owners): PropertyDefinition {
  const copy: PropertyDefinition = { ...p, properties: p.properties.map((c) => claim(c, i, owners)) };
  if (p.items) copy.items = claim(p.items, i, owners);
  owners.set(copy, new Set([i]));
  return copy;
}

interface MergeContext {
  i: number;
  plans: readonly SourcedPlan[];
  owners: Owners;
  conflicts: string[];
  event: string;
}

function mergeProperties(merged: PropertyDefinition[], incoming: readonly PropertyDefinition[], at: MergeContext): void {
  for (const p of incoming) {
    const same = merged.find((m) => m.key === p.key);
    if (!same) merged.push(claim(p, at.i, at.owners));
    else mergeProperty(same, p, at);
  }
}

function mergeProperty(same: PropertyDefinition, p: PropertyDefinition, at: MergeContext): void {
  if (propertySignature(same) !== propertySignature(p)) {
    const name = at.plans[at.i]?.name ?? '';
    at.conflicts.push(
      `${at.event}: property ${quoted(p.path)} is defined differently in ${planOf(at.plans, at.owners, same)} and ${name}.`,
    );
    return;
  }
  at.owners.get(same)?.add(at.i);
  mergeProperties(same.properties, p.properties, at);
  if (p.items && same.items) mergeProperty(same.items, p.items, at);
  else if (p.items) same.items = claim(p.items, at.i, at.owners);
}

/** Scopes each property held by fewer plans than its parent to the sources of the plans that hold it. */
function scope(properties: readonly PropertyDefinition[], parent: Set<number>, plans: readonly SourcedPlan[], owners: Owners): void {
  for (const p of [...properties]) {
    const held = owners.get(p) ?? new Set();
    if (held.size < parent.size) p.sources = sourcesOf(plans, held);
    scope(p.properties, held, plans, owners);
    if (p.items) {
      const items = owners.get(p.items) ?? new Set();
      if (items.size < held.size) p.items.sources = sourcesOf(plans, items);
      scope(p.items.properties, items, plans, owners);
    }
  }
}

function sourcesOf(plans: readonly SourcedPlan[], held: Set<number>): string[] {
  return [...held].sort((a, b) => a - b).flatMap((i) => plans[i]?.sources ?? []);
}

function planOf(plans: readonly SourcedPlan[], owners: Owners, node: EventDefinition | PropertyDefinition): string {
  return [...(owners.get(node) ?? [])].map((i) => plans[i]?.name ?? '').join(', ');
}
