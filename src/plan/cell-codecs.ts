/**
 * What one cell means, without knowing where it is: each codec returns the value or the reason the text is not
 * one, and the readers put the reason on the cell.
 */
import { isJsonObject, JsonObject } from '../json/json';
import { CellValue, cellText } from './cell-values';
import { EnumValue, JSON_TYPE_ORDER, JsonType } from './model';
import { quoted } from './problems';

export type Decoded<T> = { value: T } | { error: string };

// Unambiguous (\d+ then an optional fraction), so a long run of digits that fails to match fails in linear time.
export const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'x', 'required', '1', '✓', '✔', 'always sent', 'always']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'optional', '0', '', 'sometimes sent', 'sometimes']);

export interface ParsedType {
  /** Empty means any type. */
  types: JsonType[];
  format: 'date-time' | undefined;
  /** Tokens that name no type, as typed. */
  unknown: string[];
}

/** Other tools' names for the types (Segment's editor, Amplitude, Mixpanel, Avo, spreadsheets). */
const TYPE_SYNONYMS: Readonly<Record<string, JsonType | 'date-time' | 'any'>> = {
  numeric: 'number',
  float: 'number',
  decimal: 'number',
  double: 'number',
  num: 'number',
  int: 'integer',
  long: 'integer',
  bool: 'boolean',
  text: 'string',
  str: 'string',
  enum: 'string',
  list: 'array',
  dict: 'object',
  map: 'object',
  date: 'date-time',
  timestamp: 'date-time',
  'date time': 'date-time',
  datetime: 'date-time',
  'date-time': 'date-time',
  'any value': 'any',
  mixed: 'any',
};

/** Every type name a cell may use. */
const TYPE_NAMES: readonly string[] = [...JSON_TYPE_ORDER, 'any', ...Object.keys(TYPE_SYNONYMS)];

/** The type name closest to a mistyped one (at most two edits away), for "did you mean". */
export function nearestTypeName(token: string): string | null {
  return nearestName(token, TYPE_NAMES);
}

/** The name among `names` closest to `token` (at most two edits away, any case), for "did you mean". */
export function nearestName(token: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const name of names) {
    const d = editDistance(token.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** The edits between two names, up to 2 (3 means more): for a "did you mean". */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 3;
}

function isJsonType(name: string): name is JsonType {
  return (JSON_TYPE_ORDER as readonly string[]).includes(name);
}

/** A Property Type cell: comma-separated types, `any` (or blank) for any, date-time as a formatted string. */
export function parsePropertyType(text: string): ParsedType {
  const types = new Set<JsonType>();
  const unknown: string[] = [];
  let format: 'date-time' | undefined;
  let anyType = text.trim() === '';
  for (const raw of text.split(',')) {
    const typed = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!typed) continue;
    const token = TYPE_SYNONYMS[typed] ?? typed;
    if (token === 'any') anyType = true;
    else if (token === 'date-time') {
      types.add('string');
      format = 'date-time';
    } else if (isJsonType(token)) types.add(token);
    else unknown.push(raw.trim());
  }
  if (anyType) return { types: [], format: undefined, unknown };
  return { types: JSON_TYPE_ORDER.filter((t) => types.has(t)), format, unknown };
}

/** A Required cell: a checkbox, or one of the words analysts use. */
export function parseRequired(value: CellValue): Decoded<boolean> {
  if (typeof value === 'boolean') return { value };
  const word = cellText(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { value: true };
  if (FALSE_WORDS.has(word)) return { value: false };
  return {
    error: `Required ${quoted(cellText(value).trim())} is not understood. Use TRUE or FALSE (a checkbox), yes/no, or leave it blank for optional.`,
  };
}

/** A Version cell: a positive whole number. */
export function parseVersion(text: string): Decoded<number> {
  const version = Number(text);
  if (!/^\+?\d+(\.0+)?$/.test(text) || !Number.isInteger(version) || version < 1) {
    return { error: `Version ${quoted(text)} is not a positive whole number. Use 1, 2, 3, ...` };
  }
  return { value: version };
}

/** Matching quotes an analyst may put around a value ("USD", 'USD', “USD”). */
const QUOTES: ReadonlyArray<[string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['‘', '’'],
];

/**
 * An Allowed Values cell's parts: one per line when it has line breaks, else split on `|` (Segment's editor
 * writes `low|medium|high`) when it has no comma outside quotes, else on commas. Quoted parts may hold the
 * delimiters; their quotes are removed ("" inside is a quote).
 */
function allowedValueParts(text: string): string[] {
  const delimiter = /[\r\n]/.test(text) ? '\n' : outsideQuotes(text).includes(',') || !text.includes('|') ? ',' : '|';
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"' && (quoted || part.trim() === '')) {
      if (quoted && text[i + 1] === '"') {
        part += '""';
        i++;
      } else {
        quoted = !quoted;
        part += c;
      }
    } else if (!quoted && (c === delimiter || (delimiter === '\n' && c === '\r'))) {
      parts.push(part);
      part = '';
    } else part += c;
  }
  parts.push(part);
  return parts.map(unquote).filter((p) => p !== '');
}

function outsideQuotes(text: string): string {
  return text.replace(/"(?:[^"]|"")*"/g, '');
}

function unquote(raw: string): string {
  const part = raw.trim();
  if (part.length >= 2 && part.startsWith('"') && part.endsWith('"')) return part.slice(1, -1).replace(/""/g, '"');
  const pair = QUOTES.find(([open, close]) => open !== '"' && part.length >= 2 && part.startsWith(open) && part.endsWith(close));
  return pair ? part.slice(1, -1) : part;
}

/**
 * An Allowed Values cell read for a property of the given types: values converted to the type, null added for
 * nullable types. A comma between digits is ambiguous for a number (`1,000` is one thousand, or 1 and 0): such a
 * cell is refused rather than read as something the analyst did not mean.
 */
export function parseAllowedValues(
  text: string,
  types: readonly JsonType[],
): { values: EnumValue[]; invalid: string[]; repeated: string[]; ambiguous: boolean } {
  const numeric = (types.includes('number') || types.includes('integer')) && !types.includes('string');
  const ambiguous = numeric && !/[\r\n|]/.test(text) && /\d,\d{3}(?!\d)/.test(outsideQuotes(text));
  const values: EnumValue[] = [];
  const invalid: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  for (const part of ambiguous ? [] : allowedValueParts(text)) {
    const value = convertEnumValue(part, types);
    if (value === undefined) {
      invalid.push(part);
      continue;
    }
    const id = JSON.stringify(value);
    if (seen.has(id)) {
      repeated.push(part);
      continue;
    }
    seen.add(id);
    values.push(value);
  }
  if (types.includes('null') && !seen.has('null')) values.push(null);
  return { values, invalid, repeated, ambiguous };
}

function convertEnumValue(text: string, types: readonly JsonType[]): EnumValue | undefined {
  if (types.length === 0) return text;
  if (types.includes('null') && text.toLowerCase() === 'null') return null;
  if (types.includes('integer') && NUMBER.test(text) && Number.isInteger(Number(text))) return Number(text);
  if (types.includes('number') && NUMBER.test(text)) return Number(text);
  if (types.includes('boolean')) {
    const word = text.toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  if (types.includes('string')) return text;
  return undefined;
}

/** A JSON Schema cell: a JSON object, or the reason it is not one. */
export function parseSchemaPatch(text: string): { patch: JsonObject } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `is not valid JSON (${(e as Error).message})` };
  }
  if (!isJsonObject(value)) return { error: 'must be a JSON object, such as {"format": "email"}' };
  return { patch: value };
}

/** "string or null", or with an article: "a string or null". */
export function typeLabel(types: readonly JsonType[], article?: 'a'): string {
  if (types.length === 0) return article ? 'of any type' : 'any';
  const joined = types.join(' or ');
  if (!article) return joined;
  return `${/^[aeiou]/.test(joined) ? 'an' : 'a'} ${joined}`;
}
