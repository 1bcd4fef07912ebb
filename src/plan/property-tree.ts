/**
 * The events and their property trees as the sheet builds them: properties inserted by path (parents a child
 * names but no row defines are implied), a property defined twice merged or refused, and nesting checked once
 * the whole sheet is read.
 */
import type { EventType } from './columns';
import { typeLabel } from './cell-codecs';
import type { EventDefinition, JsonType, PropertyDefinition } from './model';
import type { RowCells } from './row-context';
import { excerpt, quoted } from './problems';

/**
 * An event while the sheet is being read: its definition, plus where each part came from. Its properties are
 * the plan's definitions themselves, built in place as rows are read (no second copy of 100,000 properties),
 * found by path while reading.
 */
export interface EventNode extends EventDefinition {
  /** Every property of the event by its path (`products.$.sku`), array items included. */
  byPath: Map<string, PropertyDefinition>;
  /** Where each event-level value was set, to point at the first definition on a conflict. */
  setAt: Partial<Record<'description' | 'version' | 'schemaPatch', number>>;
  labelAt: Map<string, number>;
}

/**
 * A property as a row (or, implicit, a child's path) first defines it. The optional members (format, enum,
 * pattern, min, max, items, schemaPatch) are added by the cells that set them, so the plan holds only those.
 */
export function propertyDefinition(key: string, path: string, r: number, implicit: boolean, types: JsonType[]): PropertyDefinition {
  return { key, path, description: '', types, required: false, properties: NO_CHILDREN, implicit, row: r + 1 };
}

/**
 * The children of every property that has none: one frozen array, not 100,000 empty ones. Frozen, so adding to
 * it throws instead of giving every leaf the child; insertProperty gives a property its own array first.
 */
const NO_CHILDREN = Object.freeze([]) as unknown as PropertyDefinition[];

export function eventNode(r: number, type: EventType = 'track', name = ''): EventNode {
  return {
    type,
    name,
    description: '',
    version: 1,
    labels: [],
    properties: [],
    row: r + 1,
    byPath: new Map(),
    setAt: {},
    labelAt: new Map(),
  };
}

/** `Event "Order Completed"`, or `the identify rules`. */
export function describeEvent(event: EventDefinition): string {
  return event.name ? `Event ${quoted(event.name)}` : `the ${event.type} rules`;
}

/** Puts a property row's definition at its path under the event, implying the parents no row defines. */
export function insertProperty(row: RowCells, event: EventNode, segments: readonly string[], definition: PropertyDefinition): void {
  let parent: PropertyDefinition | null = null;
  let path = '';
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i] ?? '';
    const isLast = i === segments.length - 1;
    path = i === 0 ? key : `${path}.${key}`;
    let node = event.byPath.get(path);
    if (!node) {
      node = isLast ? definition : implicitNode(row, key, path, segments[i + 1] === '$');
      event.byPath.set(path, node);
      if (key === '$') (parent as PropertyDefinition).items = node;
      else if (!parent) event.properties.push(node);
      else if (parent.properties === NO_CHILDREN) parent.properties = [node];
      else parent.properties.push(node);
    } else if (isLast) {
      mergeDefinition(row, node, definition);
    }
    parent = node;
  }
}

function implicitNode(row: RowCells, key: string, path: string, isArray: boolean): PropertyDefinition {
  const shape = isArray ? 'array' : 'object';
  const message =
    key === '$'
      ? `${quoted(path)} has no row of its own, so the items of ${quoted(path.slice(0, -2))} are taken to be ${isArray ? 'arrays' : 'objects'}. Add a row for ${quoted(path)} to type them.`
      : `${quoted(path)} has no row of its own, so it is taken to be an optional ${shape} with no description. Add a row for ${quoted(path)} to describe it.`;
  row.warning('propertyName', message);
  return propertyDefinition(key, path, row.index, true, [isArray ? 'array' : 'object']);
}

/** A second row for a property already there: fills an implied parent, else must agree with the first. */
function mergeDefinition(row: RowCells, node: PropertyDefinition, definition: PropertyDefinition): void {
  if (node.implicit) {
    // The same object stays in the tree (and in byPath): it takes the row's cells and keeps its children.
    const { key, path, properties, items } = node;
    Object.assign(node, definition, { key, path, properties });
    if (items) node.items = items;
    return;
  }
  if (node.description && definition.description && node.description !== definition.description) {
    row.error(
      'propertyDescription',
      `${quoted(node.path)} is already defined in row ${node.row} with another description. Define each property once per event, or make the rows agree.`,
    );
    return;
  }
  if (propertySignature(node) !== propertySignature(definition)) {
    row.error(
      'propertyName',
      `${quoted(node.path)} is already defined in row ${node.row} differently (type, required, allowed values, pattern or min/max). Define each property once per event, or make the rows agree.`,
    );
    return;
  }
  if (!node.description) node.description = definition.description;
}

export function propertySignature(p: PropertyDefinition): string {
  return JSON.stringify([
    p.types,
    p.format ?? null,
    p.required,
    p.enum ?? null,
    p.pattern ?? null,
    p.min ?? null,
    p.max ?? null,
    p.schemaPatch ?? null,
  ]);
}

/**
 * Children need a parent that can hold them: an object for named keys, an array for `$`. `rowOf` gives the row
 * that defines a property, on its own sheet (a group's property is on Property Groups).
 */
export function checkNesting(rowOf: (p: PropertyDefinition) => RowCells, node: PropertyDefinition): void {
  for (const child of node.properties) {
    if (!node.implicit && !node.types.includes('object')) {
      const hint = node.types.includes('array') ? `; for the items of an array write ${excerpt(`${node.path}.$.${child.key}`)}` : '';
      rowOf(child).error(
        'propertyName',
        `${quoted(child.path)} is nested under ${quoted(node.path)}, which is typed ${typeLabel(node.types)} in row ${node.row}. Nested properties need a parent typed object${hint}.`,
      );
    }
    checkNesting(rowOf, child);
  }
  if (node.items) {
    if (!node.implicit && !node.types.includes('array')) {
      rowOf(node.items).error(
        'propertyName',
        `${quoted(node.items.path)} describes array items, but ${quoted(node.path)} is typed ${typeLabel(node.types)} in row ${node.row}. Type ${quoted(node.path)} as array.`,
      );
    }
    checkNesting(rowOf, node.items);
  }
}

export function toEventDefinition(e: EventNode): EventDefinition {
  return {
    type: e.type,
    name: e.name,
    description: e.description,
    version: e.version,
    labels: e.labels,
    properties: e.properties,
    row: e.row,
    ...(e.schemaPatch ? { schemaPatch: e.schemaPatch } : {}),
    ...(e.sources ? { sources: e.sources } : {}),
  };
}
