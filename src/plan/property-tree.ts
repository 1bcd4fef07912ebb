/**
 * The events and their property trees as the sheet builds them: properties inserted by path (parents a child
 * names but no row defines are implied), a property defined twice merged or refused, and nesting checked once
 * the whole sheet is read.
 */
import type { EventType } from './columns';
import { typeLabel } from './cell-codecs';
import type { EventDefinition, JsonType, PropertyDefinition } from './model';
import type { RowCells, SheetCells } from './row-context';
import { quoted } from './problems';

/** A property while the sheet is being read: the definition plus where it came from. */
export interface PropertyNode extends PropertyDefinition {
  properties: PropertyNode[];
  items?: PropertyNode;
  childIndex: Map<string, PropertyNode> | null;
  /** The row index (0-based) whose Property Name cell defines or first mentions it. */
  rowIndex: number;
}

export interface EventNode extends EventDefinition {
  properties: PropertyNode[];
  childIndex: Map<string, PropertyNode> | null;
  rowIndex: number;
  /** Where each event-level value was set, to point at the first definition on a conflict. */
  setAt: Partial<Record<'description' | 'version' | 'schemaPatch', number>>;
  labelAt: Map<string, number>;
}

/** Every node gets every field, so the engine sees one object shape (it matters at 100,000 rows). */
export function propertyNode(key: string, path: string, r: number, implicit: boolean, types: JsonType[]): PropertyNode {
  return {
    key,
    path,
    description: '',
    types,
    format: undefined,
    required: false,
    enum: undefined,
    pattern: undefined,
    min: undefined,
    max: undefined,
    schemaPatch: undefined,
    properties: [],
    items: undefined,
    childIndex: null,
    implicit,
    row: r + 1,
    rowIndex: r,
  };
}

export function eventNode(r: number, type: EventType = 'track', name = ''): EventNode {
  return {
    type,
    name,
    description: '',
    version: 1,
    labels: [],
    properties: [],
    row: r + 1,
    childIndex: new Map(),
    rowIndex: r,
    setAt: {},
    labelAt: new Map(),
  };
}

/** `Event "Order Completed"`, or `the identify rules`. */
export function describeEvent(event: EventDefinition): string {
  return event.name ? `Event ${quoted(event.name)}` : `the ${event.type} rules`;
}

/** Puts a property row's definition at its path under the event, implying the parents no row defines. */
export function insertProperty(row: RowCells, event: EventNode, segments: readonly string[], definition: PropertyNode): void {
  let siblings = event.properties;
  let owner: { childIndex: Map<string, PropertyNode> | null } = event;
  let parent = null as PropertyNode | null;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i] ?? '';
    const isLast = i === segments.length - 1;
    let node: PropertyNode | undefined = key === '$' ? parent?.items : owner.childIndex?.get(key);
    if (!node) {
      node = isLast ? definition : implicitNode(row, key, segments.slice(0, i + 1).join('.'), segments[i + 1] === '$');
      if (key === '$') (parent as PropertyNode).items = node;
      else {
        siblings.push(node);
        (owner.childIndex ??= new Map()).set(key, node);
      }
    } else if (isLast) {
      mergeDefinition(row, node, definition);
    }
    parent = node;
    siblings = node.properties;
    owner = node;
  }
}

function implicitNode(row: RowCells, key: string, path: string, isArray: boolean): PropertyNode {
  const shape = isArray ? 'array' : 'object';
  const message =
    key === '$'
      ? `${quoted(path)} has no row of its own, so the items of ${quoted(path.slice(0, -2))} are taken to be ${isArray ? 'arrays' : 'objects'}. Add a row for ${quoted(path)} to type them.`
      : `${quoted(path)} has no row of its own, so it is taken to be an optional ${shape} with no description. Add a row for ${quoted(path)} to describe it.`;
  row.warning('propertyName', message);
  return propertyNode(key, path, row.index, true, [isArray ? 'array' : 'object']);
}

/** A second row for a property already there: fills an implied parent, else must agree with the first. */
function mergeDefinition(row: RowCells, node: PropertyNode, definition: PropertyNode): void {
  if (node.implicit) {
    const { properties, items, childIndex } = node;
    Object.assign(node, definition, { key: node.key, path: node.path, properties, items, childIndex });
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

function propertySignature(p: PropertyDefinition): string {
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

/** Children need a parent that can hold them: an object for named keys, an array for `$`. */
export function checkNesting(sheet: SheetCells, node: PropertyNode): void {
  for (const child of node.properties) {
    if (!node.implicit && !node.types.includes('object')) {
      const hint = node.types.includes('array') ? `; for the items of an array write ${node.path}.$.${child.key}` : '';
      sheet
        .row(child.rowIndex)
        .error(
          'propertyName',
          `${quoted(child.path)} is nested under ${quoted(node.path)}, which is typed ${typeLabel(node.types)} in row ${node.row}. Nested properties need a parent typed object${hint}.`,
        );
    }
    checkNesting(sheet, child);
  }
  if (node.items) {
    if (!node.implicit && !node.types.includes('array')) {
      sheet
        .row(node.items.rowIndex)
        .error(
          'propertyName',
          `${quoted(node.items.path)} describes array items, but ${quoted(node.path)} is typed ${typeLabel(node.types)} in row ${node.row}. Type ${quoted(node.path)} as array.`,
        );
    }
    checkNesting(sheet, node.items);
  }
}

export function toEventDefinition(e: EventNode): EventDefinition {
  return {
    type: e.type,
    name: e.name,
    description: e.description,
    version: e.version,
    labels: e.labels,
    properties: e.properties.map(toPropertyDefinition),
    row: e.row,
    ...(e.schemaPatch ? { schemaPatch: e.schemaPatch } : {}),
  };
}

function toPropertyDefinition(p: PropertyNode): PropertyDefinition {
  const out: PropertyDefinition = {
    key: p.key,
    path: p.path,
    description: p.description,
    types: p.types,
    required: p.required,
    properties: p.properties.map(toPropertyDefinition),
    implicit: p.implicit,
    row: p.row,
  };
  if (p.format) out.format = p.format;
  if (p.enum) out.enum = p.enum;
  if (p.pattern !== undefined) out.pattern = p.pattern;
  if (p.min !== undefined) out.min = p.min;
  if (p.max !== undefined) out.max = p.max;
  if (p.items) out.items = toPropertyDefinition(p.items);
  if (p.schemaPatch) out.schemaPatch = p.schemaPatch;
  return out;
}
