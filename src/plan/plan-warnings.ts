/** Warnings about the plan as a whole, once every row is read: near-duplicate events, missing descriptions. */
import { NAMED_TARGETS } from './event-cells';
import type { EventNode, PropertyNode } from './property-tree';
import type { SheetCells } from './row-context';

export function warnNearDuplicateEvents(sheet: SheetCells, events: readonly EventNode[]): void {
  const seen = new Map<string, EventNode>();
  for (const event of events) {
    if (!event.name) continue;
    const key = `${event.type}\u0000${event.name.toLowerCase().replace(/[\s_-]+/g, '')}`;
    const first = seen.get(key);
    if (!first) seen.set(key, event);
    else if (first.name === event.name)
      continue; // another version of the same event
    else {
      sheet
        .row(event.rowIndex)
        .warning(
          'eventName',
          `Event "${event.name}" differs from "${first.name}" (row ${first.row}) only in case or spacing; Segment treats them as two events. Use one spelling if they are the same event.`,
        );
    }
  }
}

export function warnMissingDescriptions(sheet: SheetCells, events: readonly EventNode[]): void {
  for (const event of events) {
    if (!event.description && NAMED_TARGETS.has(event.type)) {
      sheet
        .row(event.rowIndex)
        .warning(
          sheet.has('eventDescription') ? 'eventDescription' : 'eventName',
          `Event "${event.name}" has no description. Say when it fires so developers implement it right.`,
        );
    }
    warnPropertyDescriptions(sheet, event.properties);
  }
}

function warnPropertyDescriptions(sheet: SheetCells, nodes: readonly PropertyNode[]): void {
  for (const node of nodes) {
    if (!node.implicit && !node.description && node.key !== '$') {
      sheet
        .row(node.rowIndex)
        .warning(sheet.has('propertyDescription') ? 'propertyDescription' : 'propertyName', `Property "${node.path}" has no description.`);
    }
    warnPropertyDescriptions(sheet, node.properties);
    if (node.items) warnPropertyDescriptions(sheet, [node.items]);
  }
}
