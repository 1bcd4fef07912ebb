/**
 * The cells of a property row, one reader per column: each reads its cell into the property, or reports the
 * cell and makes the row unusable.
 */
import type { JsonObject } from '../json/json';
import { cellText, containsEmoji, isBlank } from './cell-values';
import {
  nearestTypeName,
  NUMBER,
  parseAllowedValues,
  parsePropertyType,
  parseRequired,
  parseSchemaPatch,
  ParsedType,
  typeLabel,
} from './cell-codecs';
import { PROPERTY_TYPES } from './columns';
import type { EnumValue, JsonType, PropertyDefinition } from './model';
import { propertyDefinition } from './property-tree';
import { compilePattern, patternWarnings } from './regex';
import type { RowCells } from './row-context';
import { schemaPatchProblems } from './schema-cell';
import { excerpt, quoted } from './problems';

/**
 * Type cells repeat the same few texts thousands of times (a misspelling pasted down a column, too): each text is
 * read, and its "did you mean" looked up, once per sheet.
 */
export type TypeCache = Map<string, TypeCell>;

interface TypeCell {
  type: ParsedType;
  /** One message per token that names no type. */
  problems: string[];
}

function unknownTypeMessage(token: string): string {
  const near = nearestTypeName(token);
  return `Unknown Property Type ${quoted(token)}.${near ? ` Did you mean ${near}?` : ''} Use one of: ${PROPERTY_TYPES.join(', ')}; several comma-separated (string, null).`;
}

function propertyType(cache: TypeCache, text: string): TypeCell {
  let cell = cache.get(text);
  if (!cell) {
    const type = parsePropertyType(text);
    cell = { type, problems: type.unknown.map(unknownTypeMessage) };
    if (cache.size < 1000) cache.set(text, cell);
  }
  return cell;
}

/** The cells of a property row, or null when a problem makes the row unusable. */
export function readPropertyCells(row: RowCells, segments: readonly string[], cache: TypeCache): PropertyDefinition | null {
  const path = segments.join('.');
  const description = row.text('propertyDescription').trim();
  if (description) row.checkText('propertyDescription', 'Property Description', description);
  const { type, problems } = propertyType(cache, row.text('propertyType').trim());
  for (const message of problems) row.error('propertyType', message);
  const node = propertyDefinition(segments[segments.length - 1] ?? '', path, row.index, false, type.types);
  node.description = description;
  if (type.format) node.format = type.format;
  // Every reader runs, so one pass reports every problem of the row.
  let ok = type.unknown.length === 0;
  for (const read of COLUMN_READERS) ok = read(row, node) && ok;
  const list = readListFlag(row);
  if (list === null) return null;
  if (list && ok) asList(row, node);
  return ok ? node : null;
}

/** The list flag of a property row: true, false (or blank, or no such column), or null when not understood (said). */
function readListFlag(row: RowCells): boolean | null {
  const flag = row.listFlag;
  if (!flag) return false;
  const value = row.at(flag.column);
  if (isBlank(value)) return false;
  const read = parseRequired(value);
  if ('value' in read) return read.value;
  row.errorAt(
    flag.column,
    `${flag.header} ${quoted(cellText(value).trim())} is not understood. Use TRUE (the property is a list of Property Type) or FALSE, or leave it blank.`,
  );
  return null;
}

/** A property flagged as a list: an array whose items take the row's type and the constraints on values. */
function asList(row: RowCells, node: PropertyDefinition): void {
  const items = propertyDefinition('$', `${node.path}.$`, row.index, false, node.types);
  for (const key of ['format', 'enum', 'pattern', 'min', 'max'] as const) {
    if (node[key] === undefined) continue;
    Object.assign(items, { [key]: node[key] });
    delete node[key];
  }
  node.types = ['array'];
  node.items = items;
}

type ColumnReader = (row: RowCells, node: PropertyDefinition) => boolean;

function readRequired(row: RowCells, node: PropertyDefinition): boolean {
  const required = parseRequired(row.cell('required'));
  if ('error' in required) {
    row.error('required', required.error);
    return false;
  }
  node.required = required.value;
  if (required.value && node.key === '$') {
    row.warning(
      'required',
      `Required has no effect on array items (${quoted(node.path)}). To require the array, mark the array's own row required.`,
    );
    node.required = false;
  }
  return true;
}

function readAllowedValues(row: RowCells, node: PropertyDefinition): boolean {
  const text = row.text('allowedValues').trim();
  if (!text) return true;
  const values = allowedValues(row, text, node.types, node.path);
  if (values) node.enum = values;
  return values !== null;
}

function allowedValues(row: RowCells, text: string, types: JsonType[], path: string): EnumValue[] | null {
  if (types.length > 0 && !types.some((t) => t === 'string' || t === 'number' || t === 'integer' || t === 'boolean')) {
    row.error(
      'allowedValues',
      `Allowed Values apply to strings, numbers, integers and booleans, but ${quoted(path)} is typed ${typeLabel(types)}. Clear the cell or change the type.`,
    );
    return null;
  }
  if (containsEmoji(text)) {
    row.error('allowedValues', 'Allowed Values contain an emoji, which Segment rejects in tracking plans. Remove it.');
    return null;
  }
  const parsed = parseAllowedValues(text, types);
  if (parsed.ambiguous) {
    row.error(
      'allowedValues',
      `Allowed Values ${quoted(text)} is ambiguous for ${typeLabel(types, 'a')}: a comma between digits could be a thousands separator or the next value. Put one value per line, or separate them with | (1000 | 2000).`,
    );
    return null;
  }
  for (const bad of parsed.invalid) {
    row.error(
      'allowedValues',
      `Allowed value ${quoted(bad)} is not ${typeLabel(types, 'a')}, the type of ${quoted(path)}. Fix the value or the Property Type.`,
    );
  }
  for (const repeated of parsed.repeated)
    row.warning('allowedValues', `Allowed value ${quoted(repeated)} is listed twice; it is kept once.`);
  return parsed.invalid.length > 0 ? null : parsed.values;
}

function readPattern(row: RowCells, node: PropertyDefinition): boolean {
  const raw = row.text('pattern');
  const pattern = raw.trim();
  if (!pattern) return true;
  if (pattern !== raw) {
    // A space after `$` (or before `^`) is a character no value ends (or starts) with: almost never meant.
    row.warning('pattern', `Pattern ${quoted(raw)} has spaces around it; they are removed, since with them no value could match.`);
  }
  if (!node.types.includes('string')) {
    row.error(
      'pattern',
      `Pattern applies to strings, but ${quoted(node.path)} is typed ${typeLabel(node.types)}. Set Property Type to string, or clear the pattern.`,
    );
    return false;
  }
  const { refusal } = compilePattern(pattern);
  if (refusal) {
    row.error('pattern', `Pattern ${excerpt(pattern)} ${refusal.reason}. ${refusal.fix}.`);
    return false;
  }
  for (const warning of patternWarnings(pattern)) row.warning('pattern', `Pattern ${excerpt(pattern)} ${warning}.`);
  node.pattern = pattern;
  return true;
}

function readBounds(row: RowCells, node: PropertyDefinition): boolean {
  const min = readBound(row, node, 'min');
  const max = readBound(row, node, 'max');
  if (min === null || max === null) return false;
  if (min !== undefined && max !== undefined && min > max) {
    row.error('max', `Max ${max} is less than Min ${min}, so no value could pass.`);
    return false;
  }
  if (min !== undefined) node.min = min;
  if (max !== undefined) node.max = max;
  return true;
}

/** A Min or Max cell: undefined when blank, null when wrong (reported). */
function readBound(row: RowCells, node: PropertyDefinition, key: 'min' | 'max'): number | undefined | null {
  const text = row.text(key).trim();
  if (!text) return undefined;
  const header = key === 'min' ? 'Min' : 'Max';
  if (!NUMBER.test(text)) {
    row.error(key, `${header} ${quoted(text)} is not a number.`);
    return null;
  }
  const n = Number(text);
  const types = node.types;
  const numeric = types.includes('number') || types.includes('integer');
  const counted = types.includes('string') || types.includes('array');
  const what = types.includes('string') ? 'length' : 'count';
  if (!numeric && !counted) {
    row.error(
      key,
      `${header} applies to numbers (value), strings (length) and arrays (item count), but ${quoted(node.path)} is typed ${typeLabel(node.types)}. Set the Property Type, or clear the cell.`,
    );
  } else if (counted && (!Number.isInteger(n) || n < 0)) {
    row.error(
      key,
      numeric
        ? `${header} ${excerpt(text)} would be both a value and a ${what} for ${quoted(node.path)} (typed ${typeLabel(node.types)}); a length or count must be a whole number of 0 or more. Split the types, or use a whole number.`
        : `${header} ${excerpt(text)} is a ${types.includes('string') ? 'length' : 'count of items'}, so it must be a whole number of 0 or more.`,
    );
  } else return n;
  return null;
}

function readPropertySchemaPatch(row: RowCells, node: PropertyDefinition): boolean {
  const patch = readSchemaPatch(row);
  if (patch) node.schemaPatch = patch;
  return patch !== null || row.blank('jsonSchema');
}

/** The JSON Schema cell of a row: a patch, null when blank or broken (a broken one is reported). */
export function readSchemaPatch(row: RowCells): JsonObject | null {
  const text = row.text('jsonSchema').trim();
  if (!text) return null;
  if (containsEmoji(text)) {
    row.error('jsonSchema', 'JSON Schema contains an emoji, which Segment rejects in tracking plans. Remove it.');
    return null;
  }
  const parsed = parseSchemaPatch(text);
  if ('error' in parsed) {
    row.error('jsonSchema', `JSON Schema ${parsed.error}. It is merged into the schema the other columns build.`);
    return null;
  }
  const invalid = schemaPatchProblems(parsed.patch);
  if (invalid.length > 0) {
    row.error('jsonSchema', `JSON Schema is not valid draft-04: ${invalid.slice(0, 3).join('; ')}${invalid.length > 3 ? '; …' : ''}.`);
    return null;
  }
  return parsed.patch;
}

/** One reader per property column after the type, in column order. */
const COLUMN_READERS: readonly ColumnReader[] = [readRequired, readAllowedValues, readPattern, readBounds, readPropertySchemaPatch];
