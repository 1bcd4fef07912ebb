/**
 * Sources: one sheet for every platform. A Sources cell scopes an event (on its event row) or a property (on its
 * row) to some sources, blank meaning every source; Importer Settings' `Plan for <Source>` rows say which plan
 * each source's events go to. Each plan is built from the plan model restricted to its sources.
 */
import { nearestName } from './cell-codecs';
import { cellText } from './cell-values';
import type { PropertyDefinition, TrackingPlan } from './model';
import { quoted } from './problems';
import { describeEvent, EventNode } from './property-tree';
import type { RowCells } from './row-context';
import type { ImporterSettings } from './settings';

/** Source names compare whatever their case and spacing: `iOS` in a cell is the `Plan for IOS` row. */
export function sourceKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A Sources cell's names: comma- or line-separated, each once. */
function splitSources(text: string): string[] {
  const out = new Map<string, string>();
  for (const part of text.split(/[,\n]/)) {
    const name = part.trim();
    if (name && !out.has(sourceKey(name))) out.set(sourceKey(name), name);
  }
  return [...out.values()];
}

/** The sources Importer Settings names a plan for, in sheet order. */
export function knownSources(settings: Pick<ImporterSettings, 'plans'>): string[] {
  return settings.plans.map((p) => p.source);
}

/** One plan a Send goes to: its sources (null: the one plan, holding every event) and its settings. */
export interface PlanTarget {
  /** The sources it is for, as Importer Settings writes them (`iOS, Android`); empty for the one plan. */
  label: string;
  sources: string[] | null;
  /** The workbook's settings with this plan's id (and no rename: one name cannot fit several plans). */
  settings: ImporterSettings;
}

/**
 * The plans the settings name: one per plan id of the `Plan for` rows (sources sharing a plan share it), or,
 * without any, the one plan of Tracking Plan ID.
 */
export function planTargets(settings: ImporterSettings): PlanTarget[] {
  if (settings.plans.length === 0) return [{ label: '', sources: null, settings }];
  const byPlan = new Map<string, string[]>();
  for (const { source, planId } of settings.plans) {
    const sources = byPlan.get(planId);
    if (sources) sources.push(source);
    else byPlan.set(planId, [source]);
  }
  return [...byPlan].map(([planId, sources]) => ({
    label: sources.join(', '),
    sources,
    settings: { ...settings, trackingPlanId: planId, trackingPlanName: '' },
  }));
}

/** The plan as the given sources see it: events and properties scoped to none of them left out. Null: all of it. */
export function planForSources(plan: TrackingPlan, sources: readonly string[] | null): TrackingPlan {
  if (sources === null) return plan;
  const keys = new Set(sources.map(sourceKey));
  const within = (scope: readonly string[] | undefined) => scope === undefined || scope.some((s) => keys.has(sourceKey(s)));
  const events = plan.events.filter((e) => within(e.sources)).map((e) => ({ ...e, properties: restrict(e.properties, within) }));
  return { events };
}

/** The properties in scope, each copied only when something under it is not. */
function restrict(properties: PropertyDefinition[], within: (scope: readonly string[] | undefined) => boolean): PropertyDefinition[] {
  let changed = false;
  const out: PropertyDefinition[] = [];
  for (const p of properties) {
    const kept = within(p.sources) ? restrictOne(p, within) : null;
    if (kept !== p) changed = true;
    if (kept) out.push(kept);
  }
  return changed ? out : properties;
}

function restrictOne(p: PropertyDefinition, within: (scope: readonly string[] | undefined) => boolean): PropertyDefinition {
  const properties = restrict(p.properties, within);
  const items = p.items && within(p.items.sources) ? restrictOne(p.items, within) : undefined;
  if (properties === p.properties && items === p.items) return p;
  const copy: PropertyDefinition = { ...p, properties };
  if (items) copy.items = items;
  else delete copy.items;
  return copy;
}

const sameScope = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).map(sourceKey).sort().join('\n') === (b ?? []).map(sourceKey).sort().join('\n');

const scopeText = (scope: readonly string[] | undefined) => (scope ? scope.join(', ') : 'every source');

/** Reads the Sources cells of the rows into their events and properties, saying what no plan would get. */
export class SourceScopes {
  /** Each Plan for row's source, by key. */
  private readonly known: ReadonlyMap<string, string>;
  /** The row that scoped each event, to point at it on a conflict. */
  private readonly eventAt = new Map<EventNode, number>();

  constructor(known: readonly string[] = []) {
    this.known = new Map(known.map((s) => [sourceKey(s), s]));
  }

  /** The sources of an event row: the event's, set once; a later row naming others is an error. */
  scopeEvent(row: RowCells, event: EventNode): void {
    const scope = this.read(row, 'event');
    if (!scope) return;
    const at = this.eventAt.get(event);
    if (at === undefined) {
      event.sources = scope;
      this.eventAt.set(event, row.index);
    } else if (!sameScope(event.sources, scope)) {
      const both = splitSources([...(event.sources ?? []), ...scope].join(','));
      this.report(
        row,
        `${describeEvent(event)} is scoped to ${scopeText(scope)} here but to ${scopeText(event.sources)} in row ${at + 1}. Give the event one ${row.sources?.header ?? 'Sources'} cell (${both.join(', ')}), or leave this one blank.`,
      );
    }
  }

  /**
   * The sources of a property row, onto its definition. False (said) when the event already defines the property
   * for other sources: a property has one definition per event, whatever sources it is for.
   */
  scopeProperty(row: RowCells, event: EventNode, definition: PropertyDefinition): boolean {
    if (!row.sources) return true;
    const scope = this.read(row, 'property');
    if (scope) definition.sources = scope;
    const existing = event.byPath.get(definition.path);
    if (!existing || existing.implicit || sameScope(existing.sources, scope)) return true;
    const both = existing.sources && scope ? splitSources([...existing.sources, ...scope].join(',')) : ['blank for every source'];
    this.report(
      row,
      `${quoted(definition.path)} is already defined in row ${existing.row} for ${scopeText(existing.sources)}. Define each property once per event, listing all its sources in one cell (${both.join(', ')}).`,
    );
    return false;
  }

  /** The sources of an `@Group` row, onto every property it brought. */
  scopeIncluded(row: RowCells, brought: readonly PropertyDefinition[]): void {
    const scope = this.read(row, 'property');
    if (scope) for (const node of brought) node.sources = scope;
  }

  /** The row's sources, or undefined when the cell is blank (every source) or there is no Sources column. */
  private read(row: RowCells, what: 'event' | 'property'): string[] | undefined {
    const column = row.sources;
    if (!column) return undefined;
    const names = splitSources(cellText(row.at(column.column)));
    if (names.length === 0) return undefined;
    if (this.known.size > 0) for (const name of names) this.checkKnown(row, name, what);
    return names;
  }

  private checkKnown(row: RowCells, name: string, what: 'event' | 'property'): void {
    if (this.known.has(sourceKey(name))) return;
    const names = [...this.known.values()];
    const near = nearestName(name, names);
    const advice = near ? `Did you mean ${near}?` : `Add a Plan for ${name} row, or fix the name.`;
    this.report(
      row,
      `${row.sources?.header ?? 'Sources'} ${quoted(name)} is not one of the sources Importer Settings has a Plan for row for (${names.join(', ')}), so no plan gets this ${what} from it. ${advice}`,
      'warning',
    );
  }

  private report(row: RowCells, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (row.sources) row.errorAt(row.sources.column, message, severity);
  }
}
