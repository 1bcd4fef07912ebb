/** Warnings about the plan as a whole, once every row is read: near-duplicate events, missing descriptions. */
import { foldName } from './conventions';
import { NAMED_TARGETS } from './event-cells';
import type { PropertyDefinition } from './model';
import type { EventNode } from './property-tree';
import type { Severity } from './problems';
import { quoted } from './problems';
import type { SheetCells } from './row-context';

export function warnNearDuplicateEvents(sheet: SheetCells, events: readonly EventNode[]): void {
  const seen = new Map<string, EventNode>();
  for (const event of events) {
    if (!event.name) continue;
    const key = `${event.type}\u0000${foldName(event.name)}`;
    const first = seen.get(key);
    if (!first) seen.set(key, event);
    else if (first.name === event.name)
      continue; // another version of the same event
    else {
      sheet
        .row(event.row - 1)
        .warning(
          'eventName',
          `Event ${quoted(event.name)} differs from ${quoted(first.name)} (row ${first.row}) only in case or spacing; Segment treats them as two events. Use one spelling if they are the same event.`,
        );
    }
  }
}

/**
 * How a description written by Add to plan (or `infer`) starts: the analyst is to rewrite it, so it is warned about
 * as a missing one would be.
 */
export const PLACEHOLDER_DESCRIPTION = 'Describe this.';
const placeholder = (description: string) => description.startsWith(PLACEHOLDER_DESCRIPTION);

export function warnMissingDescriptions(sheet: SheetCells, events: readonly EventNode[], severity: Severity): void {
  for (const event of events) {
    if (placeholder(event.description) && NAMED_TARGETS.has(event.type)) {
      sheet
        .row(event.row - 1)
        .report(
          sheet.has('eventDescription') ? 'eventDescription' : 'eventName',
          severity,
          `Event ${quoted(event.name)} still has the description Add to plan wrote. Say when it fires.`,
        );
    } else if (!event.description && NAMED_TARGETS.has(event.type)) {
      sheet
        .row(event.row - 1)
        .report(
          sheet.has('eventDescription') ? 'eventDescription' : 'eventName',
          severity,
          `Event ${quoted(event.name)} has no description. Say when it fires so developers implement it right.`,
        );
    }
    warnPropertyDescriptions(sheet, event.properties, severity);
  }
}

function warnPropertyDescriptions(sheet: SheetCells, nodes: readonly PropertyDefinition[], severity: Severity): void {
  for (const node of nodes) {
    // A group's property is said once, at its row in Property Groups, not in every event that includes it.
    if (!node.implicit && node.sheet === undefined && placeholder(node.description)) {
      sheet
        .row(node.row - 1)
        .report(
          sheet.has('propertyDescription') ? 'propertyDescription' : 'propertyName',
          severity,
          `Property ${quoted(node.path)} still has the description Add to plan wrote (an example). Say what it holds.`,
        );
    } else if (!node.implicit && !node.description && node.key !== '$' && node.sheet === undefined) {
      sheet
        .row(node.row - 1)
        .report(
          sheet.has('propertyDescription') ? 'propertyDescription' : 'propertyName',
          severity,
          `Property ${quoted(node.path)} has no description.`,
        );
    }
    warnPropertyDescriptions(sheet, node.properties, severity);
    if (node.items) warnPropertyDescriptions(sheet, [node.items], severity);
  }
}
