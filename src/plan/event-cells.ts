/** The event-level cells of a row: JSON Schema (on the event's own row), description, version and labels. */
import { RESERVED_NAMES } from '../json/json';
import { parseVersion } from './cell-codecs';
import { cellText, containsEmoji } from './cell-values';
import type { ColumnKey } from './columns';
import { readSchemaPatch } from './property-cells';
import { describeEvent, EventNode } from './property-tree';
import type { RowCells } from './row-context';
import { excerpt, quoted } from './problems';

/** Event types that have a name, a version and labels. */
export const NAMED_TARGETS: ReadonlySet<string> = new Set(['track', 'page', 'screen']);

export function readEventCells(row: RowCells, event: EventNode, eventRow: boolean): void {
  if (eventRow) {
    const patch = readSchemaPatch(row);
    if (patch) {
      setOnce(
        row,
        event,
        'schemaPatch',
        'jsonSchema',
        patch,
        JSON.stringify,
        (at) => `${describeEvent(event)} has another JSON Schema in row ${at}. Keep one, or leave this cell blank.`,
      );
    }
  }
  // A Description column shared with properties describes the event only on the event's own rows.
  const description = eventRow || !row.shared('eventDescription', 'propertyDescription') ? row.text('eventDescription').trim() : '';
  if (description) {
    row.checkText('eventDescription', 'Event Description', description);
    setOnce(
      row,
      event,
      'description',
      'eventDescription',
      description,
      String,
      (at) =>
        `${describeEvent(event)} is described twice differently: here and in row ${at}. Keep one description, or leave this cell blank.`,
    );
  }
  readVersion(row, event);
  readLabels(row, event);
}

/**
 * Sets an event-level value the first time a row gives it; a later row giving another value is an error that
 * points at the first.
 */
function setOnce<F extends 'description' | 'version' | 'schemaPatch'>(
  row: RowCells,
  event: EventNode,
  field: F,
  key: ColumnKey,
  value: NonNullable<EventNode[F]>,
  same: (v: NonNullable<EventNode[F]>) => string,
  conflict: (firstRow: number) => string,
): void {
  const at = event.setAt[field];
  if (at === undefined) {
    event[field] = value;
    event.setAt[field] = row.index;
  } else if (same(event[field] as NonNullable<EventNode[F]>) !== same(value)) {
    row.error(key, conflict(at + 1));
  }
}

function readVersion(row: RowCells, event: EventNode): void {
  if (row.blank('version')) return;
  const text = row.text('version').trim();
  if (!NAMED_TARGETS.has(event.type)) {
    row.error('version', `Version applies to track, page and screen events, not to ${event.type} rows. Clear the cell.`);
    return;
  }
  const version = parseVersion(text);
  if ('error' in version) {
    row.error('version', version.error);
    return;
  }
  setOnce(
    row,
    event,
    'version',
    'version',
    version.value,
    String,
    (at) =>
      `${describeEvent(event)} has version ${version.value} here but ${event.version} in row ${at}. An event has one version per plan.`,
  );
}

function readLabels(row: RowCells, event: EventNode): void {
  const text = row.text('labels').trim();
  if (!text) return;
  if (!NAMED_TARGETS.has(event.type)) {
    row.error('labels', `Labels apply to track, page and screen events, not to ${event.type} rows. Clear the cell.`);
    return;
  }
  row.checkText('labels', 'Labels', text);
  for (const part of text.split(/[,\n]/)) {
    const pair = part.trim();
    if (!pair) continue;
    const colon = pair.indexOf(':');
    const key = colon < 0 ? '' : pair.slice(0, colon).trim();
    const value = colon < 0 ? '' : pair.slice(colon + 1).trim();
    if (RESERVED_NAMES.has(key)) {
      row.error('labels', `Label ${quoted(pair)} uses ${quoted(key)}, a name JavaScript gives every object, as its key. Rename the label.`);
    } else if (!key || !value) {
      row.error(
        'labels',
        `Label ${quoted(pair)} is not a key:value pair. Write labels as key:value, comma-separated (team:growth, priority:high).`,
      );
    } else addLabel(row, event, key, value, (message) => row.error('labels', message));
  }
}

/**
 * The cells of the columns Importer Settings names in Label Columns, as labels of the row's event. Identify, group
 * and common rows have no labels: there the cells are notes, kept and not sent.
 */
export function readLabelColumns(row: RowCells, event: EventNode): void {
  if (!NAMED_TARGETS.has(event.type)) return;
  for (const { column, key, header } of row.labelColumns) {
    const value = cellText(row.at(column)).trim();
    if (!value) continue;
    const report = (message: string) => row.errorAt(column, message);
    if (containsEmoji(value)) report(`${header} contains an emoji, which Segment rejects in tracking plans. Remove it.`);
    else addLabel(row, event, key, value, report);
  }
}

function addLabel(row: RowCells, event: EventNode, key: string, value: string, report: (message: string) => void): void {
  const existing = event.labels.find(([k]) => k === key);
  if (!existing) {
    event.labels.push([key, value]);
    event.labelAt.set(key, row.index);
  } else if (existing[1] !== value) {
    report(
      `Label ${excerpt(key)} is ${quoted(value)} here but ${quoted(existing[1])} in row ${(event.labelAt.get(key) ?? row.index) + 1}. Give the label one value.`,
    );
  }
}
